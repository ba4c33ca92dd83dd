package dev.neurite.onnx;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of seeded mutations of real model files (flipped, inserted, deleted and duplicated bytes, truncation):
 * each either imports and runs, or fails with an {@link OnnxException}; nothing else may escape.
 */
class FuzzTest {
    private static final int MUTATIONS = 3000;

    @Test
    void mutatedModelsFailOnlyWithClearErrors() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("mlp", "lenet", "lstm", "ops", "mobilenet_block")) {
            seeds.add(Files.readAllBytes(TorchModelsImportTest.torchCase(name).resolve("model.onnx")));
        }
        Random random = new Random(20261202L);
        int imported = 0;
        int ran = 0;
        List<String> escaped = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bytes = mutate(seeds.get(i % seeds.size()), random);
            try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
                OnnxModel model = OnnxImporter.load(bytes);
                imported++;
                Map<String, Tensor> feeds = feeds(model, random);
                if (feeds != null) {
                    model.run(feeds);
                    ran++;
                }
            } catch (OnnxException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), "an empty message");
            } catch (Throwable t) {
                escaped.add("mutation " + i + ": " + t);
            }
        }
        assertTrue(escaped.isEmpty(), escaped.size() + " mutations escaped with other errors: "
                + escaped.subList(0, Math.min(10, escaped.size())));
        // The mutations must reach the importer and the graph, not only the protobuf parser.
        assertTrue(imported > MUTATIONS / 10 && ran > MUTATIONS / 20, "imported " + imported + ", ran " + ran);
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> {
                int at = r.nextInt(b.length);
                int len = 1 + r.nextInt(Math.min(16, b.length - at));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            default -> {
                int at = r.nextInt(b.length);
                byte[] extra = new byte[1 + r.nextInt(8)];
                r.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                b = out;
            }
        }
        return b;
    }

    /** Random float inputs of the declared shapes (symbolic dimensions 2), or null when they would be unreasonable. */
    private static Map<String, Tensor> feeds(OnnxModel model, Random r) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (OnnxValueInfo in : model.inputs()) {
            if (!in.hasShape() || in.dtype() == null || !in.dtype().isFloatingPoint()) {
                return null;
            }
            long[] dims = new long[in.dims().size()];
            long n = 1;
            for (int i = 0; i < dims.length; i++) {
                Object d = in.dims().get(i);
                dims[i] = d instanceof Long l ? l : 2;
                if (dims[i] <= 0) {
                    return null;
                }
                n *= dims[i];
                if (n > 100_000) {
                    return null;
                }
            }
            feeds.put(in.name(), Tensor.randn(Shape.of(dims), r.nextLong()).cast(in.dtype()));
        }
        return feeds;
    }
}
