package dev.neurite.apps.osgi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The distribution in an embedded Felix, in this JVM: api, layers, apps and the backend bundles from
 * {@code target/bundles}, installed by FileInstall from a watched directory. Training goes through OSGi services only
 * (the {@code NeuriteCommands} service of the apps bundle, which builds its model from {@code ComponentProvider}
 * services and runs on a {@code BackendProvider} service). A second backend bundle, made here from the api test-jar's
 * pure-Java {@code reference} backend (priority 1), shows new work moving on: removing the cpu provider bundle moves
 * training to {@code reference}; removing that too must leave a clear error; putting the cpu bundle back must train
 * again, identically, on the ND4J that stayed loaded.
 *
 * <p>One framework per JVM: ND4J's natives bind to one class loader, so a second framework's runtime bundle could not
 * load them. The class-path and module-path runs it is compared with are separate processes for the same reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FelixIT {
    static final Path TARGET = Path.of("target");
    static final String COMMANDS = "dev.neurite.apps.osgi.NeuriteCommands";
    static final String CLASSIFIER = "dev.neurite.apps.examples.osgi.ImageClassifier";
    static final int EPOCHS = 2;
    static final int SAMPLES = 2000;
    static final long SEED = 42;
    /** A deadline for things that happen on FileInstall's and SCR's threads; not a performance bound. */
    static final long PATIENCE_MILLIS = 180_000;

    @TempDir
    static Path tmp;
    static Path watched;
    static Framework framework;
    static double[] firstLosses;

    @BeforeAll
    static void startFelix() throws Exception {
        watched = Files.createDirectories(tmp.resolve("bundles"));
        for (String jar : List.of("neurite-api.jar", "neurite-layers.jar", "neurite-apps.jar", "neurite-interop-onnx.jar",
                "protobuf-java.jar",
                "neurite-rl.jar",
                "neurite-generative.jar",
                "neurite-backend-cpu-runtime.jar", "neurite-backend-cpu.jar", "neurite-backend-cuda-runtime.jar",
                "neurite-backend-cuda.jar", "neurite-example-classifier.jar")) {
            place(jar, true);
        }
        ReferenceBackendBundle.write(TARGET.resolve("it"), watched.resolve(ReferenceBackendBundle.FILE));
        framework = FelixLauncher.start(new FelixLauncher.Settings(TARGET.resolve("felix"), watched, tmp.resolve("cache"),
                false, 100));
    }

    @AfterAll
    static void stopFelix() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    @Order(1)
    void backendsAreOfferedAsServicesWithCudaUnavailableWithoutAGpu() {
        Pattern cpuDefault = Pattern.compile("(?m)^cpu\\s+10\\s+available \\(default\\)");
        await("the cpu backend to be offered", () -> cpuDefault.matcher(backends()).find()
                && backends().contains("\nreference "));
        String table = backends();
        assertTrue(Pattern.compile("(?m)^cpu\\s+10\\s+available \\(default\\)").matcher(table).find(), table);
        assertTrue(Pattern.compile("(?m)^cuda\\s+100\\s+unavailable: ").matcher(table).find(), table);
    }

    @Test
    @Order(2)
    void trainsThroughServices() {
        Map<String, Object> r = train();
        assertEquals("cpu", r.get("backend"));
        firstLosses = (double[]) r.get("losses");
        assertEquals(EPOCHS, firstLosses.length);
        assertTrue(firstLosses[1] < firstLosses[0], "the loss falls: " + java.util.Arrays.toString(firstLosses));
        assertTrue((Double) r.get("accuracy") > 0.2, "better than the 10% of chance on held-out images: " + r);
    }

    /** The ONNX bundle resolves against the protobuf bundle and imports a PyTorch-exported model that then runs. */
    @Test
    @Order(3)
    void importsAndRunsAnOnnxModelInsideFelix() throws Exception {
        await("the ONNX bundle to start", () -> bundle("dev.neurite.onnx") != null
                && bundle("dev.neurite.onnx").getState() == org.osgi.framework.Bundle.ACTIVE);
        org.osgi.framework.Bundle onnx = bundle("dev.neurite.onnx");
        Class<?> message = onnx.loadClass("com.google.protobuf.Message");
        assertEquals("com.google.protobuf", org.osgi.framework.FrameworkUtil.getBundle(message).getSymbolicName(),
                "protobuf comes from its own bundle");
        Path file = Path.of("..", "interop-onnx", "src", "test", "resources", "onnx", "torch", "mlp", "model.onnx")
                .toAbsolutePath();
        Object model = onnx.loadClass("dev.neurite.onnx.OnnxImporter").getMethod("load", Path.class).invoke(null, file);
        Class<?> tensor = onnx.loadClass("dev.neurite.api.Tensor");
        Object x = tensor.getMethod("zeros", long[].class).invoke(null, (Object) new long[]{3, 20});
        Object y = model.getClass().getMethod("forward", tensor).invoke(model, x);
        assertEquals("[3, 5]", tensor.getMethod("shape").invoke(y).toString());
    }

    private static org.osgi.framework.Bundle bundle(String symbolicName) {
        for (org.osgi.framework.Bundle b : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Test
    @Order(4)
    void theExampleBundleServesAClassifierTrainedOnCpu() throws Exception {
        Object classifier = awaitClassifierOn("cpu");
        assertTrue((Double) call(classifier, "accuracy") > 0.2, "better than chance");
        @SuppressWarnings("unchecked")
        List<String> classes = (List<String>) call(classifier, "classes");
        Method classify = api(classifier).getMethod("classify", float[].class);
        String label = (String) classify.invoke(classifier, (Object) new float[28 * 28]);
        assertTrue(classes.contains(label), label);
    }

    @Test
    @Order(5)
    void removingTheCpuBundleMovesNewWorkToTheNextBackend() {
        await("the reference backend to be offered", () -> backends().contains("\nreference "));
        place("neurite-backend-cpu.jar", false);
        await("the cpu backend to be retracted", () -> !backends().contains("\ncpu "));
        String table = backends();
        assertTrue(Pattern.compile("(?m)^reference\\s+1\\s+available \\(default\\)").matcher(table).find(), table);

        Map<String, Object> r = train(1, 128);
        assertEquals("reference", r.get("backend"), "new work runs on the next available backend");
        // The example retrains on the pure-Java reference backend too, but that is slow on a loaded machine, so it is
        // not waited for here.
    }

    @Test
    @Order(6)
    void removingTheLastBackendLeavesAClearError() throws Exception {
        Files.delete(watched.resolve(ReferenceBackendBundle.FILE));
        await("the reference backend to be retracted", () -> !backends().contains("\nreference "));
        String table = backends();
        assertTrue(table.contains("cuda"), table);

        IllegalStateException e = assertInstanceOf(IllegalStateException.class, trainFailure());
        assertTrue(e.getMessage().startsWith("neurite:train: no backend is left to train on (no Neurite backend is "
                + "available. Found: cuda (unavailable: "), e.getMessage());
        assertTrue(e.getMessage().contains("drop a backend bundle such as neurite-backend-cpu.jar"), e.getMessage());
        await("the example's classifier to be withdrawn", () -> services(CLASSIFIER).length == 0);
    }

    @Test
    @Order(7)
    void reAddingTheBundleTrainsAgainOnTheSameNd4j() throws Exception {
        place("neurite-backend-cpu.jar", true);
        await("the cpu backend to return", () -> Pattern.compile("(?m)^cpu\\s+10\\s+available \\(default\\)")
                .matcher(backends()).find());
        Map<String, Object> r = train();
        assertEquals("cpu", r.get("backend"));
        double[] again = (double[]) r.get("losses");
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(firstLosses[i], again[i], 1e-6, "epoch " + (i + 1));
        }
        awaitClassifierOn("cpu");
    }

    /** The same seed gives the same losses on the class path, on the module path and in Felix. */
    @Test
    @Order(8)
    void trainsIdenticallyOnTheClassPathTheModulePathAndInFelix() throws Exception {
        assertNotNull(firstLosses, "the Felix run comes first");
        double[] classPath = LaunchModes.classPath(EPOCHS, SAMPLES, SEED);
        double[] modulePath = LaunchModes.modulePath(EPOCHS, SAMPLES, SEED);
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(classPath[i], firstLosses[i], 1e-6, "class path vs Felix, epoch " + (i + 1));
            assertEquals(classPath[i], modulePath[i], 1e-6, "class path vs module path, epoch " + (i + 1));
        }
    }

    /** Puts a bundle of target/bundles into the watched directory, or ({@code present} false) takes it out. */
    private static void place(String jar, boolean present) {
        try {
            if (present) {
                place(jar);
            } else {
                Files.delete(watched.resolve(jar));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void place(String jar) throws IOException {
        Path from = TARGET.resolve("bundles").resolve(jar).toAbsolutePath();
        if (!Files.isRegularFile(from)) {
            fail(from + " is missing: the bundles are assembled in the package phase (./mvnw verify)");
        }
        Path to = watched.resolve(jar);
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to);
        }
    }

    private static String backends() {
        try {
            return (String) call(service(COMMANDS), "backends");
        } catch (Exception e) {
            return "";
        }
    }

    private static Map<String, Object> train() {
        return train(EPOCHS, SAMPLES);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> train(int epochs, int samples) {
        try {
            Object commands = awaitService(COMMANDS);
            return (Map<String, Object>) commands.getClass().getMethod("run", int.class, int.class, long.class)
                    .invoke(commands, epochs, samples, SEED);
        } catch (InvocationTargetException e) {
            throw new AssertionError("training failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable trainFailure() throws ReflectiveOperationException {
        Object commands = awaitService(COMMANDS);
        try {
            commands.getClass().getMethod("run", int.class, int.class, long.class).invoke(commands, EPOCHS, SAMPLES, SEED);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError("training succeeded without a backend");
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return api(target).getMethod(method).invoke(target);
    }

    /** The public type to call a service through: its implementation class may be package-private. */
    private static Class<?> api(Object service) throws ClassNotFoundException {
        Class<?> c = service.getClass();
        if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
            return c;
        }
        return Class.forName(CLASSIFIER, false, c.getClassLoader());
    }

    /** Services by class name, whichever class loader the caller has (this test's class path has its own copies). */
    private static ServiceReference<?>[] services(String className) {
        try {
            ServiceReference<?>[] refs = framework.getBundleContext().getAllServiceReferences(className, null);
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Object service(String className) {
        ServiceReference<?>[] refs = services(className);
        BundleContext ctx = framework.getBundleContext();
        return refs.length == 0 ? null : ctx.getService(refs[0]);
    }

    /** The example's classifier once it is served from {@code backend} (it retrains when backends come and go). */
    private static Object awaitClassifierOn(String backend) {
        await("the example to serve a classifier trained on " + backend, () -> {
            Object c = service(CLASSIFIER);
            try {
                return c != null && backend.equals(call(c, "backend"));
            } catch (ReflectiveOperationException e) {
                return false;
            }
        });
        return service(CLASSIFIER);
    }

    private static Object awaitService(String className) {
        await("service " + className, () -> service(className) != null);
        return service(className);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("gave up waiting for " + what + "; backends now:\n" + backends());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
