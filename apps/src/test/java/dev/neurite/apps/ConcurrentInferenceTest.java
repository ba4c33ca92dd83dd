package dev.neurite.apps;

import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Layer;
import dev.neurite.apps.models.Models;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One model serving several threads: forward passes in evaluation mode under {@code GradMode.noGrad()}, each thread
 * with its own {@code MemoryScope} per pass (both are thread-local), give exactly the single-threaded outputs.
 */
class ConcurrentInferenceTest {
    private static final int THREADS = 4;
    private static final int PASSES = 200;
    private static final int INPUTS_PER_THREAD = 10;
    private static final int BATCH = 8;

    @Test
    void fourThreadsShareOneModelAndGetTheSingleThreadedOutputs() throws Exception {
        Layer model = Models.mlp(13);
        model.eval();
        InMemoryDataset data = SyntheticImages.generate(THREADS * INPUTS_PER_THREAD * BATCH, 41);
        float[][] inputs = new float[THREADS * INPUTS_PER_THREAD][];
        float[][] expected = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = TestModels.features(data, i * BATCH, BATCH);
            expected[i] = TestModels.infer(model, inputs[i], BATCH, 1, 28, 28);
        }
        // Distinct inputs give distinct outputs, so a thread reading another's result would be noticed.
        assertFalse(Arrays.equals(expected[0], expected[1]));

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<List<String>> work = () -> {
                    start.await(30, TimeUnit.SECONDS);
                    List<String> mismatches = new ArrayList<>();
                    for (int pass = 0; pass < PASSES; pass++) {
                        int input = thread * INPUTS_PER_THREAD + pass % INPUTS_PER_THREAD;
                        float[] out = TestModels.infer(model, inputs[input], BATCH, 1, 28, 28);
                        if (!Arrays.equals(expected[input], out)) {
                            mismatches.add("thread " + thread + ", pass " + pass + ", input " + input);
                        }
                    }
                    return mismatches;
                };
                results.add(pool.submit(work));
            }
            List<String> mismatches = new ArrayList<>();
            for (Future<List<String>> f : results) {
                mismatches.addAll(f.get(5, TimeUnit.MINUTES));
            }
            assertEquals(List.of(), mismatches, mismatches.size() + " of " + THREADS * PASSES + " passes differ");
        } finally {
            pool.shutdownNow();
        }
        // The model's parameters still record gradients for training: no-grad mode did not leak out of the threads.
        model.parameters().forEach((name, p) -> assertTrue(p.requiresGrad(), name));
    }
}
