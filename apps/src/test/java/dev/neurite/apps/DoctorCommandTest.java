package dev.neurite.apps;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.apps.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code neurite doctor --backend cpu} on this machine: the conformance kit passes, and the MLP and the CNN train to
 * the same losses in two separate processes (the parity run compares cpu with itself here).
 */
class DoctorCommandTest {
    @Test
    void doctorOnCpuRunsTheKitAndTheParityRunAndReportsAPass() {
        Backend before = Backends.current();
        PrintStream savedOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("doctor", "--backend", "cpu", "--steps", "3");
        } finally {
            System.setOut(savedOut);
            Backends.use(before);
        }
        String report = out.toString(StandardCharsets.UTF_8);

        assertEquals(ExitCodes.OK, code, report);
        Matcher kit = Pattern.compile("(?m)^conformance kit\\s+PASS \\((\\d+) passed, 0 failed, (\\d+) skipped\\)$").matcher(report);
        assertTrue(kit.find(), report);
        assertTrue(Integer.parseInt(kit.group(1)) > 50, report);
        for (String model : new String[]{"mlp", "cnn"}) {
            assertTrue(Pattern.compile("(?m)^parity " + model + "\\s+PASS \\(largest relative difference .*, tolerance 0.001\\)$")
                    .matcher(report).find(), report);
            // Three steps, each with both losses printed: the comparison had numbers to compare.
            Matcher rows = Pattern.compile("(?m)^\\s+[0-2]\\s+(\\d+\\.\\d{9})\\s+(\\d+\\.\\d{9})\\s+\\S+$").matcher(
                    report.substring(report.indexOf(model + ": cpu on")));
            for (int i = 0; i < 3; i++) {
                assertTrue(rows.find(), model + " step " + i + " in\n" + report);
                assertTrue(Double.parseDouble(rows.group(1)) > 0, report);
            }
        }
        assertTrue(report.contains("all checks passed"), report);
    }
}
