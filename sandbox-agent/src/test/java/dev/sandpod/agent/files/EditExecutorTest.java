package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sandpod.agent.SandboxUser;
import dev.sandpod.api.agent.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.sandpod.agent.files.TestSandbox.action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EditExecutorTest {

    @TempDir
    Path dir;
    private EditExecutor edit;
    private String file;

    @BeforeEach
    void setUp() {
        edit = new EditExecutor(TestSandbox.in(dir));
        file = dir + "/f.txt";
    }

    private Observation run(Object... args) {
        Observation obs = edit.execute(action("edit", args));
        assertEquals("edit", obs.observation());
        return obs;
    }

    private static ArrayNode range(Object... items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object item : items) {
            if (item instanceof Integer n) {
                array.add(n);
            } else {
                array.add((String) item);
            }
        }
        return array;
    }

    @Test
    void createWritesTheFileAndRefusesToOverwrite() throws Exception {
        Observation created = run("command", "create", "path", file, "file_text", "hello\nworld\n");
        assertEquals("File created successfully at: " + file, created.content());
        assertEquals("hello\nworld\n", Files.readString(Path.of(file)));
        assertEquals(false, created.extras().get("prev_exist"));
        assertEquals("--- " + file + "\n+++ " + file + "\n@@ -0,0 +1,2 @@\n+hello\n+world", created.extras().get("diff"));

        Observation again = run("command", "create", "path", file, "file_text", "other");
        assertEquals("ERROR:\nInvalid `path` parameter: " + file + ". File already exists at: " + file
                + ". Cannot overwrite files using command `create`.", again.content());
        assertEquals("hello\nworld\n", Files.readString(Path.of(file)));
    }

    @Test
    void createMakesParentsAndAsRootGivesTheFileToTheUser() throws Exception {
        assumeTrue(TestSandbox.runningAsRoot(), "acting as another user needs root");
        TestSandbox.openToEveryone(dir);
        SandboxUser other = new SandboxUser("sandpod-test-nobody", 4321, 4322, dir);
        try (UserFileAccess access = UserFileAccess.forUser(other)) {
            var asOther = access.asUser(new EditExecutor(new TestSandbox(dir, other)));
            asOther.execute(action("edit", "command", "create", "path", dir + "/new/dir/x.py", "file_text", "x = 1\n"));
            assertEquals(4321, TestSandbox.uid(dir.resolve("new/dir/x.py")));
            assertEquals(4321, TestSandbox.uid(dir.resolve("new")));
            Files.writeString(Path.of(file), "root's\n");
            Observation denied = asOther.execute(action("edit", "command", "str_replace", "path", file,
                    "old_str", "root's", "new_str", "user's"));
            assertTrue(denied.content().startsWith("ERROR:\nRan into [Errno 13] Permission denied: '" + file + "'"),
                    denied.content());
            assertEquals("root's\n", Files.readString(Path.of(file)));
        }
    }

    @Test
    void relativePathsAreRefusedWithASuggestion() throws Exception {
        Files.writeString(Path.of(file), "x\n");
        assertEquals("ERROR:\nInvalid `path` parameter: f.txt. The path should be an absolute path, starting with `/`. "
                + "Maybe you meant " + file + "?", run("command", "view", "path", "f.txt").content());
        assertEquals("ERROR:\nInvalid `path` parameter: g.txt. The path should be an absolute path, starting with `/`.",
                run("command", "view", "path", "g.txt").content());
        assertEquals("ERROR:\nInvalid `path` parameter: " + dir + "/none. The path " + dir
                + "/none does not exist. Please provide a valid path.", run("command", "view", "path", dir + "/none").content());
    }

    @Test
    void viewNumbersLinesLikeCatN() throws Exception {
        Files.writeString(Path.of(file), "a\nb\nc\n");
        assertEquals("Here's the result of running `cat -n` on " + file + ":\n     1\ta\n     2\tb\n     3\tc\n     4\t\n",
                run("command", "view", "path", file).content());
        assertEquals("Here's the result of running `cat -n` on " + file + ":\n     2\tb\n     3\tc\n",
                run("command", "view", "path", file, "view_range", range(2, -1)).content());
        assertEquals("Here's the result of running `cat -n` on " + file + ":\n     2\tb\n     3\tc\n"
                        + "\nNOTE: We only show up to 3 since there's only 3 lines in this file\n",
                run("command", "view", "path", file, "view_range", range(2, 10)).content());
    }

    @Test
    void invalidViewRangesAreExplained() throws Exception {
        Files.writeString(Path.of(file), "a\nb\nc\n");
        assertEquals("ERROR:\nInvalid `view_range` parameter: [0, 2]. Its first element `0` should be within the range "
                + "of lines of the file: [1, 3].", run("command", "view", "path", file, "view_range", range(0, 2)).content());
        assertEquals("ERROR:\nInvalid `view_range` parameter: [3, 2]. Its second element `2` should be greater than or "
                + "equal to the first element `3`.", run("command", "view", "path", file, "view_range", range(3, 2)).content());
        assertEquals("ERROR:\nInvalid `view_range` parameter: ['1', 2]. It should be a list of two integers.",
                run("command", "view", "path", file, "view_range", range("1", 2)).content());
        assertEquals("ERROR:\nInvalid `view_range` parameter: [1, 2]. The `view_range` parameter is not allowed when "
                + "`path` points to a directory.", run("command", "view", "path", dir.toString(), "view_range", range(1, 2)).content());
    }

    @Test
    void viewIsCutAt16000CharactersWithTheNotice() throws Exception {
        Files.writeString(Path.of(file), "123456789\n".repeat(2000));
        String content = run("command", "view", "path", file).content();
        assertTrue(content.contains("  1600\t123456789\n  1601\t<response clipped><NOTE>Due to the max output limit"),
                content.substring(content.length() - 400));
        assertTrue(content.endsWith(NumberedView.FILE_TRUNCATED_NOTICE + "\n"));
        assertFalse(content.contains("  1602\t"));
    }

    @Test
    void directoryViewListsTwoLevelsWithoutHiddenEntries() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/b.txt"), "b");
        Files.writeString(dir.resolve("sub/deeper/c.txt"), "c");
        Files.writeString(dir.resolve("sub/.secret"), "s");
        Files.writeString(dir.resolve(".hidden"), "h");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), "g");
        assertEquals("Here's the files and directories up to 2 levels deep in " + dir + ", excluding hidden items:\n"
                        + dir + "/\n" + dir + "/a.txt\n" + dir + "/sub/\n" + dir + "/sub/b.txt\n" + dir + "/sub/deeper/\n"
                        + "\n2 hidden files/directories in this directory are excluded. You can use 'ls -la " + dir
                        + "' to see them.",
                run("command", "view", "path", dir + "/").content());
    }

    @Test
    void strReplaceReplacesAUniqueMatchAndShowsASnippet() throws Exception {
        Files.writeString(Path.of(file), "l1\nl2\nl3\nl4\nl5\nl6\nl7\n");
        Observation obs = run("command", "str_replace", "path", file, "old_str", "l4", "new_str", "L4");
        assertEquals("l1\nl2\nl3\nL4\nl5\nl6\nl7\n", Files.readString(Path.of(file)));
        assertEquals("The file " + file + " has been edited. Here's the result of running `cat -n` on a snippet of "
                + file + ":\n     1\tl1\n     2\tl2\n     3\tl3\n     4\tL4\n     5\tl5\n     6\tl6\n     7\tl7\n     8\t\n"
                + "Review the changes and make sure they are as expected. Edit the file again if necessary.", obs.content());
        assertEquals(true, obs.extras().get("prev_exist"));
        assertEquals("l4", obs.extras().get("old_content"));
        assertEquals("L4", obs.extras().get("new_content"));
        assertEquals("oh_aci", obs.extras().get("impl_source"));
        assertEquals("--- " + file + "\n+++ " + file + "\n@@ -4 +4 @@\n-l4\n+L4", obs.extras().get("diff"));
    }

    @Test
    void strReplaceSnippetSpansTheEditAndItsContextAsOpenHandsComputesIt() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            text.append("line").append(i).append('\n');
        }
        Files.writeString(Path.of(file), text);
        String out = run("command", "str_replace", "path", file, "old_str", "line10\n", "new_str", "ten\nTEN\n").content();
        // openhands-aci: lines max(0, 10 - 4) + 1 .. 10 + 4 + newlines in new_str, of the edited file
        assertTrue(out.contains("a snippet of " + file + ":\n     7\tline7\n     8\tline8\n     9\tline9\n"), out);
        assertTrue(out.contains("    10\tten\n    11\tTEN\n    12\tline11\n"), out);
        assertTrue(out.contains("    16\tline15\n    17\t\nReview"), out);
    }

    @Test
    void nonUniqueOrMissingMatchesAreRefused() throws Exception {
        Files.writeString(Path.of(file), "x = 1\ny = 2\nx = 1\n");
        assertEquals("ERROR:\nNo replacement was performed. Multiple occurrences of old_str `x = 1` in lines [1, 3]. "
                + "Please ensure it is unique.", run("command", "str_replace", "path", file, "old_str", "x = 1", "new_str", "z").content());
        assertEquals("ERROR:\nNo replacement was performed, old_str `zzz` did not appear verbatim in " + file + ".",
                run("command", "str_replace", "path", file, "old_str", "zzz", "new_str", "q").content());
        assertEquals("ERROR:\nInvalid `new_str` parameter: y = 2. No replacement was performed. `new_str` and `old_str` "
                + "must be different.", run("command", "str_replace", "path", file, "old_str", "y = 2", "new_str", "y = 2").content());
        assertEquals("ERROR:\nParameter `old_str` is required for command: str_replace.",
                run("command", "str_replace", "path", file, "new_str", "q").content());
        assertEquals("x = 1\ny = 2\nx = 1\n", Files.readString(Path.of(file)));
        Observation deleted = run("command", "str_replace", "path", file, "old_str", "y = 2\n");
        assertEquals("x = 1\nx = 1\n", Files.readString(Path.of(file)));
        assertTrue(deleted.content().startsWith("The file " + file + " has been edited."), deleted.content());
    }

    @Test
    void insertAtTopAtEndAndOutOfRange() throws Exception {
        Files.writeString(Path.of(file), "a\nb\n");
        assertEquals("The file " + file + " has been edited. Here's the result of running `cat -n` on a snippet of the "
                        + "edited file:\n     1\tX\n     2\ta\n     3\tb\n     4\t\nReview the changes and make sure they are as "
                        + "expected (correct indentation, no duplicate lines, etc). Edit the file again if necessary.",
                run("command", "insert", "path", file, "insert_line", 0, "new_str", "X").content());
        run("command", "insert", "path", file, "insert_line", 3, "new_str", "Y\nZ");
        assertEquals("X\na\nb\nY\nZ\n", Files.readString(Path.of(file)));
        assertEquals("ERROR:\nInvalid `insert_line` parameter: 6. It should be within the range of allowed values: [0, 5]",
                run("command", "insert", "path", file, "insert_line", 6, "new_str", "q").content());
        assertEquals("ERROR:\nInvalid `insert_line` parameter: -1. It should be within the range of allowed values: [0, 5]",
                run("command", "insert", "path", file, "insert_line", -1, "new_str", "q").content());
        assertEquals("ERROR:\nInvalid insert_line value: 'two'. Expected an integer.",
                run("command", "insert", "path", file, "insert_line", "two", "new_str", "q").content());
        assertEquals("ERROR:\nParameter `insert_line` is required for command: insert.",
                run("command", "insert", "path", file, "new_str", "q").content());
        run("command", "insert", "path", file, "insert_line", "1", "new_str", "after X");
        assertEquals("X\nafter X\na\nb\nY\nZ\n", Files.readString(Path.of(file)));
    }

    @Test
    void insertAfterAnUnterminatedLastLineStartsANewLine() throws Exception {
        Files.writeString(Path.of(file), "a\nb");
        run("command", "insert", "path", file, "insert_line", 2, "new_str", "c");
        assertEquals("a\nb\nc\n", Files.readString(Path.of(file)));
    }

    @Test
    void undoRestoresUpToTenEdits() throws Exception {
        run("command", "create", "path", file, "file_text", "v0\n");
        for (int i = 0; i <= 10; i++) {
            run("command", "str_replace", "path", file, "old_str", "v" + i, "new_str", "v" + (i + 1));
        }
        assertEquals("v11\n", Files.readString(Path.of(file)));
        for (int expected = 10; expected >= 1; expected--) {
            Observation undone = run("command", "undo_edit", "path", file);
            assertEquals("Last edit to " + file + " undone successfully. Here's the result of running `cat -n` on " + file
                    + ":\n     1\tv" + expected + "\n     2\t\n", undone.content());
            assertEquals("v" + expected + "\n", Files.readString(Path.of(file)));
        }
        assertEquals("ERROR:\nNo edit history found for " + file + ".", run("command", "undo_edit", "path", file).content());
        assertEquals("v1\n", Files.readString(Path.of(file)));
    }

    @Test
    void editingCommandsRefuseDirectoriesBinariesAndUnknownCommands() throws Exception {
        assertEquals("ERROR:\nInvalid `path` parameter: " + dir + ". The path " + dir + " is a directory and only the "
                + "`view` command can be used on directories.",
                run("command", "str_replace", "path", dir.toString(), "old_str", "a", "new_str", "b").content());
        Files.write(dir.resolve("blob.bin"), new byte[] {1, 0, 2, 0});
        assertEquals("ERROR:\nFile validation failed for " + dir + "/blob.bin: File appears to be binary and this file "
                + "type cannot be read or edited by this tool.", run("command", "view", "path", dir + "/blob.bin").content());
        Files.writeString(Path.of(file), "x\n");
        assertEquals("ERROR:\nUnrecognized command delete. The allowed commands for the oh_editor tool are: view, create, "
                + "str_replace, insert, undo_edit", run("command", "delete", "path", file).content());
        assertEquals("ERROR:\nParameter `file_text` is required for command: create.",
                run("command", "create", "path", dir + "/n.txt").content());
        Observation noPath = run("command", "view");
        assertTrue(noPath.content().startsWith("ERROR:\n") && noPath.content().contains("`path`"), noPath.content());
        Observation badType = run("command", "create", "path", dir + "/m.txt", "file_text", 3);
        assertTrue(badType.content().startsWith("ERROR:\n") && badType.content().contains("`file_text`"), badType.content());
    }

    @Test
    void observationSerializesAsOpenHandsDoes() throws Exception {
        Files.writeString(Path.of(file), "a\nb\n");
        Observation obs = run("command", "str_replace", "path", file, "old_str", "a", "new_str", "A");
        var json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(obs));
        assertEquals("edit", json.get("observation").asText());
        var extras = json.get("extras");
        for (String key : new String[] {"path", "prev_exist", "old_content", "new_content", "impl_source", "diff", "_diff_cache"}) {
            assertTrue(extras.has(key), key + " in " + extras);
        }
        assertTrue(extras.get("_diff_cache").isNull());
        assertEquals(file, extras.get("path").asText());
    }
}
