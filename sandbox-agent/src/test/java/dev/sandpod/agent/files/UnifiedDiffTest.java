package dev.sandpod.agent.files;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected texts are what Python's difflib.unified_diff(n=0) gives, joined as openhands-aci does. */
class UnifiedDiffTest {

    @Test
    void changedLine() {
        assertEquals("--- /f\n+++ /f\n@@ -2 +2 @@\n-b\n+B", UnifiedDiff.between("a\nb\nc\n", "a\nB\nc\n", "/f"));
    }

    @Test
    void newFile() {
        assertEquals("--- /f\n+++ /f\n@@ -0,0 +1,2 @@\n+hello\n+world", UnifiedDiff.between("", "hello\nworld\n", "/f"));
    }

    @Test
    void twoHunks() {
        assertEquals("--- /f\n+++ /f\n@@ -2 +2 @@\n-2\n+x\n@@ -5 +5,2 @@\n-5\n+y\n+z",
                UnifiedDiff.between("1\n2\n3\n4\n5\n6\n", "1\nx\n3\n4\ny\nz\n6\n", "/f"));
    }

    @Test
    void deletedFirstLine() {
        assertEquals("--- /f\n+++ /f\n@@ -1 +0,0 @@\n-a", UnifiedDiff.between("a\nb\n", "b\n", "/f"));
    }

    @Test
    void noChangeIsEmpty() {
        assertEquals("", UnifiedDiff.between("a\nb\n", "a\nb\n", "/f"));
        assertEquals("", UnifiedDiff.between("", "", "/f"));
    }
}
