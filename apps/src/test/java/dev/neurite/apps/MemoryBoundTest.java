package dev.neurite.apps;

import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.train.Callback;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;
import dev.neurite.api.train.TrainingContext;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DESIGN.md decision 7: a long run's resident memory stays flat, because each step's intermediates are freed when
 * the step ends rather than whenever the garbage collector gets to them.
 *
 * <p>The run happens in a fresh JVM ({@link Child}), so what earlier tests left in this one (loaded data sets, the
 * backend's pools, malloc arenas at their high-water mark) neither inflates nor hides the growth.
 *
 * <p>The bound. Each step of the MLP 784-256-128-10 at batch 32 allocates a few hundred KB of native arrays (the
 * batch alone is 100 KB); keeping just the batch of every step would add ~950 MB over the 9,500 measured steps. A
 * flat run's resident size still moves by a few MB (heap regions the JVM touches for the first time, JIT code,
 * allocator bookkeeping), so 64 MB is far above that noise and far below any per-step leak of a batch-sized tensor.
 */
class MemoryBoundTest {
    private static final int STEPS = 10_000;
    private static final int WARMUP_STEPS = 500;
    private static final int BATCH = 32;
    private static final long BOUND_BYTES = 64L << 20;
    private static final Path STATUS = Path.of("/proc/self/status");

    @Test
    void residentMemoryStaysFlatOverTenThousandTrainingSteps() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "reads VmRSS from /proc/self/status (Linux only)");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A fixed, pre-touched heap: the Java heap's own growth would otherwise show up as resident memory, and the
        // bound is about native memory.
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        // Settings of Neurite and JavaCPP given to this JVM (e.g. mvn test -Dneurite.nd4j.poolBytes=0) apply to the run.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("neurite.") || k.startsWith("org.bytedeco."))
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), "the training process did not end");
        assertEquals(0, child.exitValue(), "the training process failed:\n" + output);

        Matcher m = Pattern.compile("steps=(\\d+) baseline=(\\d+) end=(\\d+) samples=(.*)").matcher(output);
        assertTrue(m.find(), "no measurement in:\n" + output);
        long baseline = Long.parseLong(m.group(2));
        long end = Long.parseLong(m.group(3));
        long growth = end - baseline;
        String trace = String.format(Locale.ROOT, "VmRSS after %d warm-up steps %.1f MB, after %s steps %.1f MB (growth %.1f MB); "
                + "MB every 1,000 steps: %s", WARMUP_STEPS, mb(baseline), m.group(1), mb(end), mb(growth), m.group(4));
        System.out.println("MemoryBoundTest: " + trace);
        assertEquals(STEPS, Integer.parseInt(m.group(1)), "steps taken");
        assertTrue(growth < BOUND_BYTES, "resident memory grew by more than 64 MB: " + trace);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** The measured run: trains, and prints {@code steps= baseline= end= samples=} on one line. */
    public static final class Child {
        public static void main(String[] args) {
            InMemoryDataset data = SyntheticImages.generate(100 * BATCH, 31); // 100 steps an epoch
            Layer model = Models.mlp(3);
            RssRecorder rss = new RssRecorder();
            Trainer trainer = Trainer.builder(model, new SparseCategoricalCrossEntropy(), new Adam(model.parameters(), 1e-3))
                    .epochs(STEPS / 100).batchSize(BATCH).seed(1).metrics(Metric.accuracy()).callbacks(rss).build();
            trainer.fit(data);
            System.out.println("steps=" + rss.steps + " baseline=" + rss.baseline + " end=" + rss.end + " samples="
                    + rss.samples.stream().map(b -> Long.toString(b >> 20)).toList());
            System.exit(0); // ND4J's non-daemon threads must not keep the process alive
        }
    }

    /** Resident size after the warm-up and at the end (each after a GC), and a sample every 1,000 steps. */
    private static final class RssRecorder implements Callback {
        final List<Long> samples = new ArrayList<>();
        long steps;
        long baseline;
        long end;

        @Override
        public void onBatchEnd(TrainingContext context, long step, int batchSize, double loss) {
            steps = step + 1;
            if (steps == WARMUP_STEPS) {
                baseline = settledRss();
            }
            if (steps % 1_000 == 0) {
                samples.add(rss());
            }
        }

        @Override
        public void onTrainEnd(TrainingContext context) {
            end = settledRss();
        }

        private static long settledRss() {
            System.gc();
            try {
                Thread.sleep(200); // lets reference-processing threads release what the collection found
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return rss();
        }

        /** VmRSS in bytes. */
        private static long rss() {
            try {
                for (String line : Files.readAllLines(STATUS)) {
                    if (line.startsWith("VmRSS:")) {
                        String[] parts = line.trim().split("\\s+"); // "VmRSS:", value, "kB"
                        return Long.parseLong(parts[1]) * 1024;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException(STATUS + " has no VmRSS line");
        }
    }
}
