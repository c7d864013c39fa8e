package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.sandpod.agent.AgentHarness.exitCode;
import static dev.sandpod.agent.AgentHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands that complete: output, exit codes, state that persists, odd output. */
class ShellCommandsIT {

    static AgentHarness agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @AfterEach
    void settle() throws Exception {
        agent.settle();
    }

    @Test
    void runsACommandWithItsOutputAndMetadata() throws Exception {
        JsonNode o = agent.run("echo hello");
        assertEquals("run", o.path("observation").asText());
        assertEquals("hello", o.path("content").asText(), "the echoed command line must not be repeated");
        assertEquals(0, exitCode(o));
        JsonNode extras = o.path("extras");
        assertEquals("echo hello", extras.path("command").asText());
        assertFalse(extras.has("command_id") || extras.has("exit_code"), "the 2025 dialect has neither: " + o);
        JsonNode metadata = extras.path("metadata");
        assertEquals(0, metadata.path("exit_code").asInt());
        assertFalse(metadata.path("username").asText().isEmpty(), o.toString());
        assertFalse(metadata.path("hostname").asText().isEmpty(), o.toString());
        assertTrue(metadata.path("working_dir").asText().startsWith("/"), o.toString());
        assertTrue(metadata.has("pid") && metadata.has("py_interpreter_path") && metadata.has("prefix"), o.toString());
        assertEquals("\n[The command completed with exit code 0.]", metadata.path("suffix").asText());
    }

    @Test
    void shellDefaultsArePagersOffHistoryExpansionOffAndAGitIdentity() throws Exception {
        assertEquals("cat cat dumb", agent.run("echo $PAGER $GIT_PAGER $TERM").path("content").asText());
        assertEquals("!!x", agent.run("echo !!x").path("content").asText());
        String git = agent.run("command -v git || true").path("content").asText();
        if (!git.isEmpty()) {
            JsonNode identity = agent.run("git config --global user.name && git config --global user.email");
            assertEquals(0, exitCode(identity), identity.toString());
            assertEquals(2, identity.path("content").asText().lines().count(), identity.toString());
        }
    }

    @Test
    void reportsNonZeroExitCodes() throws Exception {
        JsonNode o = agent.run("ls /definitely-not-here");
        assertEquals(2, exitCode(o));
        assertTrue(o.path("content").asText().contains("No such file or directory"), o.toString());
        assertTrue(text(o).endsWith("[The command completed with exit code 2.]"), text(o));
    }

    @Test
    void theLastExitCodeCarriesOverToTheNextAction() throws Exception {
        agent.run("ls /definitely-not-here");
        assertEquals("2", agent.run("echo $?").path("content").asText());
        agent.run("true");
        assertEquals("0", agent.run("echo $?").path("content").asText());
    }

    @Test
    void incompleteInputFailsAtOnceWithBashsSyntaxError() throws Exception {
        JsonNode o = agent.run("echo 'never closed");
        assertEquals(2, exitCode(o));
        assertTrue(o.path("content").asText().contains("unexpected EOF"), o.toString());
        assertEquals("fine", agent.run("echo fine").path("content").asText());
    }

    @Test
    void workingDirectoryPersists() throws Exception {
        agent.run("cd /tmp");
        JsonNode o = agent.run("pwd");
        assertEquals("/tmp", o.path("content").asText());
        assertEquals("/tmp", o.path("extras").path("metadata").path("working_dir").asText());
    }

    @Test
    void environmentPersists() throws Exception {
        agent.run("export SANDPOD_IT_VALUE='kept between actions'");
        assertEquals("kept between actions", agent.run("echo \"$SANDPOD_IT_VALUE\"").path("content").asText());
    }

    @Test
    void sessionKeyIsNotInTheShell() throws Exception {
        assertEquals("[]", agent.run("echo \"[${SESSION_API_KEY:-}]\"").path("content").asText());
    }

    @Test
    void severalCommandsRunInTurnAndStopAtTheFirstFailure() throws Exception {
        JsonNode o = agent.run("echo one\necho two\nfalse\necho three");
        assertEquals("one\ntwo", o.path("content").asText());
        assertEquals(1, exitCode(o));
        assertTrue(text(o).contains("Command 3 of 4 exited with code 1"), text(o));
        assertFalse(o.path("content").asText().contains("three"));

        JsonNode all = agent.run("echo a\necho b\necho c");
        assertEquals("a\nb\nc", all.path("content").asText());
        assertEquals(0, exitCode(all));
    }

    @Test
    void chainsLoopsAndContinuationsAreOneCommand() throws Exception {
        JsonNode o = agent.run("for i in 1 2 3; do\n  echo \"n$i\"\ndone\n"
                + "echo x && \\\n  echo y\n"
                + "if true; then\n echo yes\nfi | tr a-z A-Z");
        assertEquals("n1\nn2\nn3\nx\ny\nYES", o.path("content").asText());
        assertEquals(0, exitCode(o));
    }

    @Test
    void heredocRunsAsOneCommand() throws Exception {
        String dir = agent.run("mktemp -d").path("content").asText();
        JsonNode o = agent.run("cat > " + dir + "/note.txt <<'EOF'\nfirst $HOME line\nfalse\nEOF\ncat " + dir + "/note.txt\nwc -l < " + dir + "/note.txt");
        assertEquals("first $HOME line\nfalse\n2", o.path("content").asText());
        assertEquals(0, exitCode(o));
    }

    @Test
    void survivesSetEuoPipefail() throws Exception {
        assertEquals(0, exitCode(agent.run("set -euo pipefail")));
        JsonNode failing = agent.run("ls /definitely-not-here");
        assertEquals(2, exitCode(failing));
        assertFalse(text(failing).contains("restarted"), "the shell must not die: " + text(failing));
        JsonNode after = agent.run("echo still here; echo \"${UNSET_IN_SANDPOD_IT:-default}\"");
        assertEquals("still here\ndefault", after.path("content").asText());
        JsonNode pipe = agent.run("false | true");
        assertEquals(1, exitCode(pipe), "pipefail stays on");
        agent.run("set +u +o pipefail");
    }

    @Test
    void survivesAChangedPs1AndPromptLikeOutput() throws Exception {
        agent.run("export PS1='fake-prompt$ '; PS2='> '");
        JsonNode o = agent.run("echo '###PS1JSON###'; echo '{\"exit_code\": 7}'; echo '###PS1END###'; printf '%s%s\\n' '###SANDPOD-' 'x-BEGIN###'");
        assertEquals("###PS1JSON###\n{\"exit_code\": 7}\n###PS1END###\n###SANDPOD-x-BEGIN###", o.path("content").asText());
        assertEquals(0, exitCode(o));
        JsonNode next = agent.run("echo next");
        assertEquals("next", next.path("content").asText());
    }

    @Test
    void replacingPromptCommandIsRefusedAndTheShellKeepsWorking() throws Exception {
        JsonNode o = agent.run("PROMPT_COMMAND='echo hijacked'");
        assertEquals(1, exitCode(o));
        assertTrue(o.path("content").asText().contains("readonly variable"), o.toString());
        assertEquals("fine", agent.run("echo fine").path("content").asText());
    }

    @Test
    void echoTurnedBackOnDoesNotRepeatTheCommand() throws Exception {
        agent.run("stty echo");
        try {
            assertEquals("echoed?", agent.run("echo echoed?").path("content").asText());
        } finally {
            agent.run("stty -echo");
        }
    }

    @Test
    void controlKeyWithNothingRunningIsNotSent() throws Exception {
        JsonNode o = agent.run("C-c");
        assertTrue(text(o).contains("No command is running"), text(o));
        assertEquals("ok", agent.run("echo ok").path("content").asText());
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws Exception {
        JsonNode o = agent.run("printf 'a\\xff\\xfeb\\n'");
        assertEquals("a\uFFFD\uFFFDb", o.path("content").asText());
    }

    @Test
    void ansiEscapesAndCarriageReturnsAreCleaned() throws Exception {
        JsonNode o = agent.run("printf '\\033[1;31mred\\033[0m plain\\n'; printf 'progress 10%%\\rprogress 100%%\\n'");
        assertEquals("red plain\nprogress 100%", o.path("content").asText());
    }

    @Test
    void aMillionLinesAreTruncatedQuickly() throws Exception {
        long start = System.nanoTime();
        JsonNode o = agent.run("seq 1 1000000");
        double seconds = (System.nanoTime() - start) / 1e9;
        String content = o.path("content").asText();
        assertEquals(0, exitCode(o));
        assertTrue(content.startsWith("1\n2\n3\n"), content.substring(0, 20));
        assertTrue(content.endsWith("999999\n1000000"), content.substring(content.length() - 30));
        assertTrue(content.contains("[... Observation truncated due to length ...]"));
        assertTrue(content.length() <= 30_000 + 100, "length " + content.length());
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    @Test
    void backgroundJobsReturnAtOnce() throws Exception {
        long start = System.nanoTime();
        JsonNode o = agent.run("sleep 100 &");
        assertEquals(0, exitCode(o));
        assertTrue((System.nanoTime() - start) / 1e9 < agent.noChangeSeconds(), "returned only after the soft timeout");
        assertTrue(o.path("content").asText().matches("\\[\\d+] \\d+"), o.toString());
        assertEquals("alive", agent.run("kill -0 $! && echo alive").path("content").asText());
        agent.run("kill $! ; wait $! 2>/dev/null; true");
    }

    @Test
    void aServerStartedInTheBackgroundKeepsServing() throws Exception {
        String python = agent.run("command -v python3 || true").path("content").asText();
        org.junit.jupiter.api.Assumptions.assumeFalse(python.isEmpty(), "python3 is not installed in this sandbox");
        int port = 18000 + (int) (ProcessHandle.current().pid() % 1000);
        JsonNode started = agent.run("python3 -m http.server " + port + " --bind 127.0.0.1 --directory /tmp > /dev/null 2>&1 &");
        assertEquals(0, exitCode(started));
        JsonNode fetched = agent.run("for i in $(seq 50); do python3 -c \"import urllib.request;"
                + "print(urllib.request.urlopen('http://127.0.0.1:" + port + "/').status)\" 2>/dev/null && break; sleep 0.2; done",
                args -> args.put("blocking", true), 120.0);
        assertEquals("200", fetched.path("content").asText().strip(), fetched.toString());
        if (!AgentHarness.remote()) {
            HttpResponse<String> fromHere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fromHere.statusCode());
        }
        agent.run("kill $! ; wait $! 2>/dev/null; true");
    }

    @Test
    void aDeadShellIsRestartedAndTheCallerTold() throws Exception {
        agent.run("cd /tmp; export SANDPOD_IT_GONE=1");
        JsonNode exit = agent.run("exit 3");
        assertEquals(3, exitCode(exit));
        assertTrue(text(exit).contains("restarted"), text(exit));
        JsonNode after = agent.run("echo \"alive ${SANDPOD_IT_GONE:-fresh}\"; pwd");
        assertEquals("alive fresh\n/tmp", after.path("content").asText(), after.toString());
        assertEquals(0, exitCode(after));
    }

    @Test
    void aShellKilledBetweenActionsIsRestartedBeforeTheNextOne() throws Exception {
        agent.run("cd /tmp");
        agent.run("shell_pid=$$; (sleep 0.5; kill -9 $shell_pid) > /dev/null 2>&1 &");
        Thread.sleep(2000);
        JsonNode o = agent.run("echo fresh shell; pwd");
        assertEquals("fresh shell\n/tmp", o.path("content").asText(), o.toString());
        assertTrue(o.path("extras").path("metadata").path("prefix").asText().startsWith("[The shell had exited and was restarted in /tmp"),
                o.toString());
    }

    @Test
    void unicodeSurvivesTheRoundTrip() throws Exception {
        assertEquals("héllo ✓ 日本", agent.run("echo 'héllo ✓ 日本'").path("content").asText());
    }

    @Test
    void outputBeyondTheBufferLimitKeepsHeadTailAndExitCode() throws Exception {
        JsonNode o = agent.run("head -c 40000000 /dev/zero | tr '\\0' a; echo; echo end");
        String content = o.path("content").asText();
        assertEquals(0, exitCode(o));
        assertTrue(content.startsWith("aaaa") && content.endsWith("a\nend"), content.substring(content.length() - 20));
        assertTrue(content.length() < 30_100, "length " + content.length());
    }

    @Test
    void longLinesSurviveTheTerminal() throws Exception {
        String word = "x".repeat(10_000);
        JsonNode o = agent.run("echo " + word + " | wc -c");
        assertEquals("10001", o.path("content").asText().strip());
    }
}
