package dev.sandpod.agent.shell;

import java.math.BigDecimal;

/** Numbers printed the way OpenHands' Python f-strings print them, for texts that quote a timeout. */
final class PythonNumbers {

    private PythonNumbers() {
    }

    /** {@code repr(float(x))}: {@code 2.0}, {@code 2.5}, {@code 120.0}. */
    static String repr(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
            return Double.toString(value).replace("E", "e");
        }
        String plain = new BigDecimal(Double.toString(value)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** What the 2024 server printed for the timeout it was sent: {@code 120} for an int, {@code 2.5} for a float. */
    static String asSent(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : repr(value);
    }
}
