package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Exchanges files with Python. With Hugging Face's {@code safetensors} package (and numpy) installed, the package
 * itself reads and writes; Debian has no package for it, so otherwise a reader and writer written here from the
 * format's specification on Python's standard library stand in. Both paths also check that the bytes Neurite
 * writes are exactly those the reference algorithm produces.
 */
class SafetensorsPythonInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Reads or writes a file from a JSON description; prints what it read (and which implementation it used). */
    private static final String SCRIPT = """
            import json, struct, sys

            ORDER = {"BOOL": 0, "I32": 9, "F32": 11, "F64": 12, "I64": 13}   # the library's Dtype enum order
            FMT = {"BOOL": "?", "I32": "i", "F32": "f", "F64": "d", "I64": "q"}
            SIZE = {k: struct.calcsize("<" + v) for k, v in FMT.items()}
            NUMPY = {"BOOL": "bool", "I32": "<i4", "F32": "<f4", "F64": "<f8", "I64": "<i8"}

            def count(shape):
                n = 1
                for d in shape:
                    n *= d
                return n

            def serialize(tensors, metadata):
                names = sorted(tensors, key=lambda k: (-ORDER[tensors[k]["dtype"]], k))
                header, blobs, pos = {}, [], 0
                if metadata:
                    header["__metadata__"] = metadata
                for name in names:
                    t = tensors[name]
                    blob = struct.pack("<%d%s" % (len(t["values"]), FMT[t["dtype"]]), *t["values"])
                    header[name] = {"dtype": t["dtype"], "shape": t["shape"], "data_offsets": [pos, pos + len(blob)]}
                    blobs.append(blob)
                    pos += len(blob)
                text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
                text += b" " * (-len(text) % 8)
                return struct.pack("<Q", len(text)) + text + b"".join(blobs)

            def parse(data):
                n, = struct.unpack_from("<Q", data)
                assert (8 + n) % 8 == 0, "header not padded to a multiple of 8"
                header = json.loads(data[8:8 + n].decode("utf-8"))
                metadata = header.pop("__metadata__", {})
                body, pos, tensors = data[8 + n:], 0, {}
                for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
                    begin, end = info["data_offsets"]
                    dt = info["dtype"]
                    assert begin == pos, "%s does not follow the previous tensor" % name
                    assert begin % SIZE[dt] == 0, "%s is not aligned" % name
                    assert end - begin == count(info["shape"]) * SIZE[dt], "%s has the wrong size" % name
                    values = list(struct.unpack_from("<%d%s" % (count(info["shape"]), FMT[dt]), body, begin))
                    tensors[name] = {"dtype": dt, "shape": info["shape"], "values": values}
                    pos = end
                assert pos == len(body), "bytes after the last tensor"
                return tensors, metadata

            try:
                import numpy as np
                from safetensors import safe_open
                from safetensors.numpy import load_file, save_file
                import safetensors
                library = "safetensors " + safetensors.__version__
            except ImportError:
                library = None

            mode, source, target = sys.argv[1:4]
            if mode == "read":
                data = open(source, "rb").read()
                tensors, metadata = parse(data)
                result = {"implementation": library or "stdlib", "metadata": metadata, "tensors": tensors,
                          "identical": serialize(tensors, metadata) == data}
                if library:
                    with safe_open(source, framework="np") as f:
                        result["metadata"] = f.metadata() or {}
                    result["tensors"] = {name: {"dtype": tensors[name]["dtype"], "shape": list(a.shape),
                                                "values": a.reshape(-1).tolist()}
                                         for name, a in load_file(source).items()}
                print(json.dumps(result))
            else:
                spec = json.load(open(source))
                data = serialize(spec["tensors"], spec["metadata"])
                if library:
                    arrays = {name: np.array(t["values"], dtype=NUMPY[t["dtype"]]).reshape(t["shape"])
                              for name, t in spec["tensors"].items()}
                    save_file(arrays, target, metadata=spec["metadata"] or None)
                    assert open(target, "rb").read() == data, "the library and the reference algorithm disagree"
                else:
                    open(target, "wb").write(data)
                print(json.dumps({"implementation": library or "stdlib"}))
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPython() {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + ": the Python interop check needs Python 3");
    }

    @Test
    void pythonReadsWhatNeuriteWrites() throws Exception {
        Map<String, Tensor> sample = SafetensorsTest.sample();
        Path file = dir.resolve("neurite.safetensors");
        Map<String, String> metadata = Map.of("format", "pt", "written by", "Neurité");
        Safetensors.write(file, sample, metadata);

        Map<String, Object> result = python("read", file, dir.resolve("unused"));
        assertEquals(true, result.get("identical"), "Neurite's bytes differ from the reference algorithm's");
        assertEquals(metadata, result.get("metadata"));
        Map<?, ?> tensors = (Map<?, ?>) result.get("tensors");
        assertEquals(sample.keySet(), tensors.keySet());
        sample.forEach((name, t) -> {
            Map<?, ?> py = (Map<?, ?>) tensors.get(name);
            assertEquals(SafetensorsHeader.dtypeName(t.dtype()), py.get("dtype"), name);
            assertEquals(Arrays.stream(t.shape().toArray()).boxed().toList(), py.get("shape"), name);
            assertEquals(values(t), py.get("values"), name);
        });
    }

    @Test
    void neuriteReadsWhatPythonWrites() throws Exception {
        Map<String, Tensor> sample = SafetensorsTest.sample();
        Map<String, Object> tensors = new LinkedHashMap<>();
        sample.forEach((name, t) -> tensors.put(name, Map.of("dtype", SafetensorsHeader.dtypeName(t.dtype()),
                "shape", t.shape().toArray(), "values", values(t))));
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, Json.write(Map.of("metadata", Map.of("source", "python"), "tensors", tensors)));
        Path file = dir.resolve("python.safetensors");
        python("write", spec, file);

        SafetensorsTest.assertSameTensors(sample, Safetensors.read(file));
        assertEquals(Map.of("source", "python"), Safetensors.readHeader(file).metadata());
    }

    /** A tensor's values as Python prints them: exact doubles for floats, longs for integers, booleans for bools. */
    private static List<Object> values(Tensor t) {
        List<Object> r = new ArrayList<>();
        if (t.dtype() == DType.FLOAT32) {
            for (float f : t.toFloatArray()) {
                r.add((double) f);
            }
        } else if (t.dtype() == DType.FLOAT64) {
            for (double d : t.toDoubleArray()) {
                r.add(d);
            }
        } else {
            for (long v : t.toLongArray()) {
                r.add(t.dtype() == DType.BOOL ? (Object) (v != 0) : (Object) v);
            }
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> python(String mode, Path source, Path target) throws IOException, InterruptedException {
        Path script = Files.writeString(source.resolveSibling("interop.py"), SCRIPT);
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), mode, source.toString(), target.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python failed:\n" + out);
        Map<String, Object> result = (Map<String, Object>) Json.parse(out.strip());
        System.out.println("safetensors interop (" + mode + ") checked with " + result.get("implementation"));
        return result;
    }
}
