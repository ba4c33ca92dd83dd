package dev.neurite.api.autograd;

/**
 * Whether operations record onto the autograd tape on this thread. Like PyTorch's {@code torch.no_grad()}:
 * <pre>{@code try (var g = GradMode.noGrad()) { ... } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Disables recording until the returned guard is closed. */
    public static Guard noGrad() {
        return set(false);
    }

    /** Enables recording until the returned guard is closed (e.g. inside a no-grad region). */
    public static Guard enableGrad() {
        return set(true);
    }

    private static Guard set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }

    /** Restores the previous mode on close. */
    @FunctionalInterface
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }
}
