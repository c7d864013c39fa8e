package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * File actions and transfers reach exactly what the sandbox user's own shell can: links, hard
 * links and directories the user plants lead nowhere else, whoever the agent runs as. Every check
 * is phrased against the shell: what {@code cat}, {@code ls} or {@code echo >} cannot do as the
 * user, {@code read}, {@code write}, {@code edit}, {@code /upload_file}, {@code /download_files}
 * and {@code /list_files} cannot do either.
 *
 * <p>Runs against the agent in the sandbox image (root agent, uid-1000 shell; bin/test sets
 * {@code SANDPOD_AGENT_URL}); as root on this host, against an in-process root agent whose shell
 * runs as a user made for the test; otherwise against an in-process agent that is the user itself.
 * Root-owned targets are a directory made for the test on this host, {@code /etc} in a container.
 */
class UserRightsIT {

    static AgentHarness agent;
    static TestUser user;
    /** The test user's directory, the agent's working directory (as root on this host). */
    static Path userDir;
    static Path localVictim;
    /** A directory only root may write, and in it a file the user may read but not write. */
    static String victimDir;
    static String victimFile;
    /** A file only root may read. */
    static String secret;
    /** A directory only root may list. */
    static String rootOnlyDir = "/root";
    /** The user's directory for this class. */
    static String base;
    static int shellUid;

    @BeforeAll
    static void start() throws Exception {
        boolean localRoot = !AgentHarness.remote() && SandboxUserSetup.currentUid() == 0;
        if (localRoot) {
            user = TestUser.create("sandpod-rights-");
            userDir = user.ownedDirectory();
            agent = AgentHarness.start(user.agentArgs(userDir));
            localVictim = Files.createTempDirectory("sandpod-rights-victim-");
            Files.setPosixFilePermissions(localVictim, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(localVictim.resolve("issue"), "original content\n");
            Files.setPosixFilePermissions(localVictim.resolve("issue"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(localVictim.resolve("secret"), "root's secret\n");
            Files.setPosixFilePermissions(localVictim.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
            victimDir = localVictim.toString();
            secret = victimDir + "/secret";
        } else {
            agent = AgentHarness.start();
            victimDir = "/etc";
            secret = "/etc/shadow";
        }
        victimFile = victimDir + "/issue";
        shellUid = Integer.parseInt(shell("id -u").strip());
        if (userDir != null) {
            base = userDir + "/rights";
            shell("mkdir -p " + base);
        } else {
            base = agent.scratchDirectory("rights-");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.run("rm -rf " + base);
            agent.close();
        }
        if (user != null) {
            user.remove();
        }
        for (Path dir : new Path[] {localVictim, userDir}) {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @BeforeEach
    void theUserIsNotRoot() throws Exception {
        assumeTrue(shellUid != 0, "the sandbox user is root: there is nothing the file actions must not reach");
        // the premise, asserted (an assumption here once skipped the whole class unnoticed)
        assertNotEquals(0, AgentHarness.exitCode(agent.run("cat " + secret)), "the sandbox user can read " + secret);
        assertNotEquals(0, AgentHarness.exitCode(agent.run("test -w " + victimFile)), "the sandbox user can write " + victimFile);
    }

    @Test
    void writesAndEditsThroughALinkToARootFileAreRefused() throws Exception {
        String before = shell("cat " + victimFile);
        shell("ln -s " + victimFile + " " + base + "/notes.txt");
        assertDenied(write(base + "/notes.txt", "pwned"));
        assertDenied(action("write", "path", base + "/notes.txt", "content", "pwned", "start", 0, "end", 1));
        String word = before.strip().split("\\s+")[0];
        assertDenied(action("edit", "command", "str_replace", "path", base + "/notes.txt", "old_str", word, "new_str", "pwned"));
        assertDenied(action("edit", "command", "insert", "path", base + "/notes.txt", "insert_line", 0, "new_str", "pwned"));
        assertEquals(before, shell("cat " + victimFile));
    }

    @Test
    void nothingIsCreatedThroughALinkedDirectory() throws Exception {
        shell("ln -s " + victimDir + " " + base + "/linked");
        assertDenied(write(base + "/linked/pwned-write.txt", "pwned"));
        assertDenied(write(base + "/linked/pwned-dir/x.txt", "pwned"));
        assertDenied(action("edit", "command", "create", "path", base + "/linked/pwned-edit.txt", "file_text", "pwned"));
        assertEquals("", shell("ls -d " + victimDir + "/pwned* 2>/dev/null || true"));
    }

    @Test
    void readsThroughLinksReachOnlyWhatTheUserCanRead() throws Exception {
        shell("ln -s " + secret + " " + base + "/secret-link && ln -s /etc/passwd " + base + "/passwd-link"
                + " && ln -s " + rootOnlyDir + " " + base + "/root-link");
        assertDenied(action("read", "path", base + "/secret-link"));
        JsonNode view = action("read", "path", base + "/secret-link", "impl_source", "oh_aci");
        assertTrue(view.path("content").asText().startsWith("ERROR:\n") && view.path("content").asText().contains("Permission denied"),
                view.toString());
        JsonNode editorView = action("edit", "command", "view", "path", base + "/secret-link");
        assertTrue(editorView.path("content").asText().contains("Permission denied"), editorView.toString());
        JsonNode rootDir = action("edit", "command", "view", "path", base + "/root-link");
        assertTrue(rootDir.path("content").asText().startsWith("ERROR:"), rootDir.toString());

        // what the user may read, it may read through a link too
        JsonNode passwd = action("read", "path", base + "/passwd-link");
        assertEquals("read", passwd.path("observation").asText(), passwd.toString());
        assertEquals(shell("cat /etc/passwd"), passwd.path("content").asText().stripTrailing());
    }

    @Test
    void hardLinksMadeByRootGiveNoRootRights() throws Exception {
        hardLinkAsRoot(secret, base + "/hard-secret");
        hardLinkAsRoot(victimFile, base + "/hard-victim");
        String before = shell("cat " + victimFile);
        assertDenied(action("read", "path", base + "/hard-secret"));
        assertDenied(write(base + "/hard-victim", "pwned"));
        assertEquals(403, agent.download(base + "/hard-secret").statusCode());
        HttpResponse<String> upload = agent.upload(base, "hard-victim", "pwned".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(400, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains("Permission denied"), upload.body());
        HttpResponse<String> zip = agent.upload(base, "x.zip", zip("hard-victim", "pwned"), true);
        assertEquals(400, zip.statusCode(), zip.body());
        assertEquals(before, shell("cat " + victimFile));
    }

    @Test
    void aHardLinkTheUserMakesGivesNoMoreThanTheFileAllows() throws Exception {
        String before = shell("cat " + victimFile);
        // with fs.protected_hardlinks=1 (the default) the kernel refuses the link already
        JsonNode link = agent.run("ln " + victimFile + " " + base + "/own-hard-link");
        if (AgentHarness.exitCode(link) == 0) {
            assertDenied(write(base + "/own-hard-link", "pwned"));
        }
        assertEquals(before, shell("cat " + victimFile));
    }

    @Test
    void uploadsLandOnlyWhereTheUserMayWrite() throws Exception {
        String before = shell("cat " + victimFile);
        shell("mkdir -p " + base + "/up && ln -sfn " + victimDir + " " + base + "/up/linked-dest"
                + " && ln -sf " + victimFile + " " + base + "/up/link-to-victim");
        byte[] pwned = "pwned".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> intoLinkedDir = agent.upload(base + "/up/linked-dest", "pwned-upload.txt", pwned, false);
        assertEquals(400, intoLinkedDir.statusCode(), intoLinkedDir.body());
        assertTrue(intoLinkedDir.body().contains("Permission denied"), intoLinkedDir.body());
        HttpResponse<String> ontoLink = agent.upload(base + "/up", "link-to-victim", pwned, false);
        assertEquals(400, ontoLink.statusCode(), ontoLink.body());
        HttpResponse<String> subdirOfLink = agent.upload(base + "/up/linked-dest/pwned-dir", "x.txt", pwned, false);
        assertEquals(400, subdirOfLink.statusCode(), subdirOfLink.body());

        HttpResponse<String> zipIntoLinkedDir = agent.upload(base + "/up/linked-dest", "a.zip", zip("pwned-zip.txt", "pwned"), true);
        assertEquals(400, zipIntoLinkedDir.statusCode(), zipIntoLinkedDir.body());
        assertTrue(zipIntoLinkedDir.body().contains("Permission denied"), zipIntoLinkedDir.body());
        HttpResponse<String> zipThroughLink = agent.upload(base + "/up", "b.zip", zip("linked-dest/pwned-zip.txt", "pwned"), true);
        assertEquals(400, zipThroughLink.statusCode(), zipThroughLink.body());
        assertTrue(zipThroughLink.body().contains("symbolic link"), zipThroughLink.body());

        assertEquals("", shell("ls -d " + victimDir + "/pwned* 2>/dev/null || true"));
        assertEquals(before, shell("cat " + victimFile));
    }

    @Test
    void createdFilesBelongToTheUser() throws Exception {
        assertEquals("write", write(base + "/own/deep/w.txt", "x").path("observation").asText());
        action("edit", "command", "create", "path", base + "/own/e.txt", "file_text", "x");
        assertEquals(200, agent.upload(base + "/own/up", "u.txt", new byte[] {1}, false).statusCode());
        assertEquals(200, agent.upload(base + "/own/zip", "z.zip", zip("d/z.txt", "z"), true).statusCode());
        String owners = shell("(cd " + base + "/own && stat -c '%u %n' deep deep/w.txt e.txt up up/u.txt zip zip/d zip/d/z.txt)");
        for (String line : owners.split("\n")) {
            assertTrue(line.startsWith(shellUid + " "), owners);
        }
        assertEquals("664", shell("stat -c %a " + base + "/own/deep/w.txt"));
    }

    @Test
    void downloadsAndListingsShowOnlyWhatTheUserCanRead() throws Exception {
        shell("mkdir -p " + base + "/dl && echo mine > " + base + "/dl/mine.txt && ln -sf " + secret + " " + base
                + "/dl/secret-link && ln -sf /etc/passwd " + base + "/dl/passwd-link && ln -sfn " + rootOnlyDir + " "
                + base + "/root-dir-link");
        assertEquals(403, agent.download(base + "/dl/secret-link").statusCode());
        assertEquals(403, agent.download(base + "/root-dir-link").statusCode());
        HttpResponse<byte[]> dl = agent.download(base + "/dl");
        assertEquals(200, dl.statusCode());
        Map<String, String> entries = unzip(dl.body());
        assertEquals("mine\n", entries.get("mine.txt"));
        assertEquals(shell("cat /etc/passwd") + "\n", entries.get("passwd-link"));
        assertFalse(entries.containsKey("secret-link"), entries.keySet().toString());

        assertNotEquals(0, AgentHarness.exitCode(agent.run("ls " + rootOnlyDir)));
        HttpResponse<String> listing = agent.post("/list_files", "{\"path\": \"" + base + "/root-dir-link\"}", true);
        assertEquals(200, listing.statusCode());
        assertEquals("[]", listing.body());
    }

    /**
     * While writes, uploads and reads go into {@code race/d}, the user swaps it as fast as it can
     * between a link to its own directory and a link to a root-owned one (each swap one atomic
     * rename). Whichever a request meets, at whatever step, nothing lands in the root-owned one.
     */
    @Test
    void swappingADirectoryForALinkMidRequestGainsNothing() throws Exception {
        String race = base + "/race";
        shell("mkdir -p " + race + "/own && ln -s own " + race + "/d");
        String loop = "cd " + race + " && while :; do ln -sfn " + victimDir + " d.new && mv -T d.new d; "
                + "ln -sfn own d.new && mv -T d.new d; done";
        String started = shell("( " + loop + " ) >/dev/null 2>&1 & echo $!").strip();
        String pid = started.substring(started.lastIndexOf('\n') + 1); // after bash's "[1] PID" job line
        int landed = 0;
        try {
            for (int i = 0; i < 150; i++) {
                if (!write(race + "/d/pwned-w" + i, "pwned").path("observation").asText().equals("error")) {
                    landed++;
                }
                if (agent.upload(race + "/d", "pwned-u" + i, new byte[] {'x'}, false).statusCode() == 200) {
                    landed++;
                }
                JsonNode read = action("read", "path", race + "/d/" + Path.of(secret).getFileName());
                assertFalse(read.path("observation").asText().equals("read"), read.toString());
            }
        } finally {
            shell("kill " + pid + "; wait " + pid + " 2>/dev/null; true");
        }
        assertEquals("", shell("ls -d " + victimDir + "/pwned* 2>/dev/null || true"));
        System.out.println("UserRightsIT race: " + landed + " of 300 writes and uploads landed where the user may write");
    }

    private static void hardLinkAsRoot(String target, String link) throws Exception {
        if (localVictim != null) {
            Files.createLink(Path.of(link), Path.of(target));
            return;
        }
        JsonNode made = agent.run("sudo -n ln " + target + " " + link);
        assumeTrue(AgentHarness.exitCode(made) == 0, "making a hard link as root needs sudo in the sandbox: " + made.path("content").asText());
    }

    private static void assertDenied(JsonNode observation) {
        String content = observation.path("content").asText();
        assertTrue(content.contains("Permission denied"), observation.toString());
        assertFalse(content.contains("root:") || content.contains("root's secret"), "nothing of the target leaks: " + observation);
    }

    private static String shell(String command) throws Exception {
        return agent.shell(command);
    }

    private static JsonNode write(String path, String content) throws Exception {
        return action("write", "path", path, "content", content);
    }

    private static JsonNode action(String type, Object... keyValues) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("action", type);
        ObjectNode args = action.putObject("args");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] instanceof Integer n) {
                args.put((String) keyValues[i], n);
            } else {
                args.put((String) keyValues[i], (String) keyValues[i + 1]);
            }
        }
        return agent.action(action);
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
