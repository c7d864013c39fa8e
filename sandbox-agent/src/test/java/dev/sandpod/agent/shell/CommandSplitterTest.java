package dev.sandpod.agent.shell;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommandSplitterTest {

    @Test
    void oneCommandPerLine() {
        assertEquals(List.of("echo a", "echo b"), CommandSplitter.split("echo a\necho b\n"));
    }

    @Test
    void chainsAreOneCommand() {
        assertEquals(List.of("cd /tmp && ls; pwd | cat & wait"), CommandSplitter.split("cd /tmp && ls; pwd | cat & wait"));
    }

    @Test
    void trailingOperatorsContinueOnTheNextLine() {
        assertEquals(List.of("make &&\n  make test", "ls |\n wc -l"), CommandSplitter.split("make &&\n  make test\nls |\n wc -l"));
    }

    @Test
    void backslashContinuation() {
        assertEquals(List.of("docker run \\\n  --rm \\\n  image", "echo next"),
                CommandSplitter.split("docker run \\\n  --rm \\\n  image\necho next"));
    }

    @Test
    void heredocBodiesStayWithTheirCommand() {
        String text = "cat > f <<'EOF'\nline one\nif then\n'unbalanced \"quotes\nEOF\necho after";
        assertEquals(List.of("cat > f <<'EOF'\nline one\nif then\n'unbalanced \"quotes\nEOF", "echo after"), CommandSplitter.split(text));
    }

    @Test
    void heredocWithDashAndTwoHeredocsOnALine() {
        String text = "cat <<-END; cat <<\"X\"\n\tbody\n\tEND\nx body\nX\nls";
        assertEquals(List.of("cat <<-END; cat <<\"X\"\n\tbody\n\tEND\nx body\nX", "ls"), CommandSplitter.split(text));
    }

    @Test
    void hereStringIsNotAHeredoc() {
        assertEquals(List.of("cat <<< 'x'", "ls"), CommandSplitter.split("cat <<< 'x'\nls"));
    }

    @Test
    void loopsConditionalsCaseAndFunctions() {
        String text = """
                for i in 1 2; do
                  echo $i
                done
                if [ -f x ]; then
                  echo yes
                else
                  echo no
                fi
                case "$x" in
                  a) echo a;;
                  *) echo other;;
                esac
                greet() {
                  echo hi
                }
                while true; do break; done
                """;
        List<String> commands = CommandSplitter.split(text);
        assertEquals(5, commands.size(), commands.toString());
        assertEquals("greet() {\n  echo hi\n}", commands.get(3));
    }

    @Test
    void quotesAndSubstitutionsSpanLines() {
        String text = "echo \"one\ntwo\"\necho $(printf '%s'\n  x)\necho 'a\nb'\necho `echo\nz`";
        assertEquals(4, CommandSplitter.split(text).size(), CommandSplitter.split(text).toString());
    }

    @Test
    void wordsThatLookLikeKeywordsAreArguments() {
        assertEquals(List.of("echo done if fi { }", "echo then"), CommandSplitter.split("echo done if fi { }\necho then"));
    }

    @Test
    void commentsAndBlankLinesAreDropped() {
        assertEquals(List.of("echo a # not (a group", "echo b"), CommandSplitter.split("# setup\n\necho a # not (a group\n\n  echo b  \n"));
    }

    @Test
    void unterminatedInputComesBackWhole() {
        assertEquals(List.of("echo 'open\nls"), CommandSplitter.split("echo 'open\nls"));
        assertEquals(List.of("if true; then\necho x"), CommandSplitter.split("if true; then\necho x"));
    }

    @Test
    void subshellsAndArithmetic() {
        assertEquals(List.of("(cd /tmp\n ls)", "for ((i=0; i<2; i++)); do echo $i; done"),
                CommandSplitter.split("(cd /tmp\n ls)\nfor ((i=0; i<2; i++)); do echo $i; done"));
    }
}
