package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.util.function.Consumer;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run_ipython} over real HTTP with a real IPython kernel (plugin {@code jupyter}): state,
 * output in order, images, the shell's working directory, timeouts, dead kernels, caps, errors.
 */
@EnabledIf(value = "dev.sandpod.agent.PluginHosts#jupyterTestable",
        disabledReason = "needs python3-ipykernel on this host (apt-get install python3-ipykernel); CI requires it")
class IPythonIT {

    static AgentHarness agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start("--plugins", "jupyter");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    static JsonNode cell(String code) throws Exception {
        return cell(code, args -> { }, null);
    }

    static JsonNode cell(String code, Consumer<ObjectNode> moreArgs, Double timeout) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "run_ipython");
        ObjectNode args = action.putObject("args").put("code", code);
        moreArgs.accept(args);
        if (timeout != null) {
            action.put("timeout", timeout);
        }
        JsonNode observation = agent.action(action);
        assertEquals("run_ipython", observation.path("observation").asText(), observation.toString());
        return observation;
    }

    /** The content without the two trailing lines that name the directory and the interpreter. */
    static String output(JsonNode observation) {
        String content = observation.path("content").asText();
        int extra = content.lastIndexOf("\n[Jupyter current working directory: ");
        assertTrue(extra >= 0, "no working-directory line in " + content);
        return content.substring(0, extra);
    }

    @Test
    void stateOutputAndTrailingLines() throws Exception {
        JsonNode first = cell("answer = 41");
        assertEquals("[Code executed successfully with no output]", output(first));
        JsonNode second = cell("print(answer + 1)");
        assertEquals("42", output(second));
        assertEquals("print(answer + 1)", second.path("extras").path("code").asText());
        String shellDir = agent.run("pwd").path("content").asText().strip();
        String content = second.path("content").asText();
        assertTrue(content.contains("\n[Jupyter current working directory: " + shellDir + "]\n[Jupyter Python interpreter: /"), content);
        assertTrue(content.endsWith("python3]") || content.matches("(?s).*python3\\.\\d+]$"), content);
    }

    @Test
    void streamsResultsAndErrorsComeInOrder() throws Exception {
        JsonNode mixed = cell("import sys\nprint('out', flush=True)\nprint('err', file=sys.stderr, flush=True)\n6 * 7");
        assertEquals("out\nerr\n42", output(mixed));
        JsonNode error = cell("print('before')\n1 / 0");
        String text = output(error);
        assertTrue(text.startsWith("before\n"), text);
        assertTrue(text.contains("ZeroDivisionError"), text);
        assertFalse(text.contains("\u001b"), "ANSI escapes must be stripped: " + text);
    }

    @Test
    void workingDirectoryFollowsTheShell() throws Exception {
        agent.run("mkdir -p ipython-cwd/inner && cd ipython-cwd/inner");
        String shellDir = agent.run("pwd").path("content").asText().strip();
        JsonNode observation = cell("import os\nprint(os.getcwd())");
        assertEquals(shellDir, output(observation));
        assertTrue(observation.path("content").asText().contains("[Jupyter current working directory: " + shellDir + "]"));
        agent.run("cd ../..");
        String back = agent.run("pwd").path("content").asText().strip();
        assertEquals(back, output(cell("print(os.getcwd())")));
    }

    @Test
    void kernelRunsAsTheShellsUser() throws Exception {
        String shellUid = agent.run("id -u").path("content").asText().strip();
        assertEquals(shellUid, output(cell("import os\nprint(os.getuid())")));
    }

    /** A 1x1 PNG built in the kernel (no matplotlib needed) and shown with IPython.display. */
    static final String SHOW_PNG = """
            import struct, zlib
            from IPython.display import Image, display
            def _chunk(kind, data):
                return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
            png = (b'\\x89PNG\\r\\n\\x1a\\n' + _chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))
                   + _chunk(b'IDAT', zlib.compress(b'\\x00\\xff\\x00\\x00')) + _chunk(b'IEND', b''))
            print('shown:')
            display(Image(data=png))
            """;

    @Test
    void imagesAreMarkdownForTheOlderClientsAndImageUrlsForTheNewer() throws Exception {
        JsonNode older = cell(SHOW_PNG);
        String text = output(older);
        assertTrue(text.startsWith("shown:\n<IPython.core.display.Image object>\n![image](data:image/png;base64,iVBOR"), text);
        assertFalse(older.path("extras").has("image_urls"), "a 2024 client's dataclass has no image_urls: " + older);

        JsonNode newer = cell(SHOW_PNG, args -> args.put("include_extra", true), null);
        assertFalse(output(newer).contains("![image]"), newer.toString());
        JsonNode urls = newer.path("extras").path("image_urls");
        assertEquals(1, urls.size(), newer.toString());
        assertTrue(urls.get(0).asText().startsWith("data:image/png;base64,iVBOR"), newer.toString());
    }

    /** A cell answered in the 2024 dialect: IPythonRunCellObservation(content, code) of 2d5b360505d8, the image in Markdown. */
    static void assert2024Cell(JsonNode observation) {
        OpenHandsClients.assertAccepted(WireDialect.OPENHANDS_2024, OpenHandsClients.IPYTHON_2024, OpenHandsClients.IPYTHON_2025,
                true, observation);
        assertTrue(output(observation).contains("\n![image](data:image/png;base64,iVBOR"), observation.toString());
        assertEquals("Code executed in IPython cell.", observation.path("message").asText());
    }

    /** A cell answered in the 2025 dialect: (content, code, image_urls) of 156d0686c4, and success as that server sends it. */
    static void assert2025Cell(JsonNode observation) {
        OpenHandsClients.assertAccepted(WireDialect.OPENHANDS_2025, OpenHandsClients.IPYTHON_2024, OpenHandsClients.IPYTHON_2025,
                true, observation);
        assertFalse(output(observation).contains("![image]"), observation.toString());
        assertEquals(1, observation.path("extras").path("image_urls").size(), observation.toString());
        assertTrue(observation.path("success").asBoolean(), observation.toString());
    }

    @Test
    void eachErasClientGetsOnlyFieldsItsDataclassTakes() throws Exception {
        assert2024Cell(agent.action(OpenHandsClients.cell2024(SHOW_PNG)));
        assert2025Cell(agent.action(OpenHandsClients.cell2025(SHOW_PNG)));
    }

    @Test
    void theDialectHeaderDecidesTheCellsShapeWhateverTheArgumentsSay() throws Exception {
        assert2024Cell(agent.action(OpenHandsClients.cell2025(SHOW_PNG), java.util.Map.of(WireDialect.HEADER, "2024")));
        assert2025Cell(agent.action(OpenHandsClients.cell2024(SHOW_PNG), java.util.Map.of(WireDialect.HEADER, "2025")));
        ObjectNode bare = JSON.createObjectNode().put("action", "run_ipython");
        bare.putObject("args").put("code", SHOW_PNG);
        assert2025Cell(agent.action(bare, java.util.Map.of(WireDialect.HEADER, "2025")));
    }

    @Test
    void theAgentsDialectFlagReachesTheKernelsAnswers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(AgentHarness.remote(), "starts an agent of its own with --dialect");
        try (AgentHarness forced = AgentHarness.start("--plugins", "jupyter", "--dialect", "2024")) {
            assert2024Cell(forced.action(OpenHandsClients.cell2025(SHOW_PNG)));
            assert2025Cell(forced.action(OpenHandsClients.cell2025(SHOW_PNG), java.util.Map.of(WireDialect.HEADER, "2025")));
        }
    }

    @Test
    void includeExtraFalseLeavesTheTrailingLinesOut() throws Exception {
        JsonNode observation = cell("print('plain')", args -> args.put("include_extra", false), null);
        assertEquals("plain", observation.path("content").asText());
        assertTrue(observation.path("extras").has("image_urls") && observation.path("extras").get("image_urls").isNull(), observation.toString());
    }

    @Test
    void timeoutInterruptsTheCellAndKeepsTheKernel() throws Exception {
        cell("kept = 'still here'");
        JsonNode slow = cell("import time\nprint('started', flush=True)\ntime.sleep(60)", args -> { }, 2.0);
        String text = output(slow);
        assertTrue(text.startsWith("started\n"), text);
        assertTrue(text.contains("KeyboardInterrupt"), text);
        assertTrue(text.contains("[Execution timed out (2 seconds). The cell was interrupted"), text);
        assertEquals("still here", output(cell("print(kept)")));
    }

    @Test
    void aKernelThatDiesInACellIsRestartedAndTheCallerTold() throws Exception {
        cell("lost = 1");
        JsonNode died = cell("import os\nprint('bye', flush=True)\nos._exit(3)");
        String text = output(died);
        assertTrue(text.contains("[The IPython kernel died while running this cell (exit code 3) and was restarted"), text);
        JsonNode after = cell("print('lost' in globals())");
        assertEquals("False", output(after));
    }

    @Test
    void aKernelKilledBetweenCellsIsRestartedBeforeTheNext() throws Exception {
        String pid = output(cell("import os\nprint(os.getpid())"));
        agent.run("kill -9 " + pid);
        JsonNode next = cell("print('fresh')");
        String text = output(next);
        assertTrue(text.startsWith("[The IPython kernel had exited (code "), text);
        assertTrue(text.endsWith("\nfresh"), text);
        assertNotEquals(pid, output(cell("import os\nprint(os.getpid())")));
    }

    @Test
    void kernelInitCodeRunsWhenTheKernelStartsAndItsFailureIsReported() throws Exception {
        String pid = output(cell("import os\nprint(os.getpid())"));
        agent.run("kill -9 " + pid);
        JsonNode ok = cell("print(initialized)", args -> args.put("kernel_init_code", "initialized = 'yes'"), null);
        assertTrue(output(ok).endsWith("\nyes"), ok.toString());
        JsonNode unchanged = cell("print(initialized)", args -> args.put("kernel_init_code", "initialized = 'again'"), null);
        assertEquals("yes", output(unchanged), "kernel_init_code runs only when a kernel starts");

        pid = output(cell("import os\nprint(os.getpid())"));
        agent.run("kill -9 " + pid);
        JsonNode failed = cell("print('cell ran')", args -> args.put("kernel_init_code", "from agentskills_missing import *"), null);
        String text = output(failed);
        assertTrue(text.contains("[kernel_init_code failed: ModuleNotFoundError: No module named 'agentskills_missing']"), text);
        assertTrue(text.endsWith("cell ran"), text);
    }

    @Test
    void longOutputIsCappedLikeRun() throws Exception {
        JsonNode observation = cell("print('a' * 100000 + 'END')");
        String text = output(observation);
        assertTrue(text.contains("[... Observation truncated due to length ...]"), text.substring(0, 200));
        assertTrue(text.length() < 30_100, "length " + text.length());
        assertTrue(text.endsWith("END"), text.substring(text.length() - 50));
    }

    @Test
    void badArgumentsAreErrorsThatSayWhatToSend() throws Exception {
        JsonNode missing = agent.action(JSON.createObjectNode().put("action", "run_ipython"));
        assertEquals("error", missing.path("observation").asText());
        assertTrue(missing.path("content").asText().contains("args.code"), missing.toString());
        ObjectNode numeric = JSON.createObjectNode().put("action", "run_ipython");
        numeric.putObject("args").put("code", 5);
        JsonNode wrongType = agent.action(numeric);
        assertEquals("error", wrongType.path("observation").asText());
        assertTrue(wrongType.path("content").asText().contains("got number"), wrongType.toString());
    }
}
