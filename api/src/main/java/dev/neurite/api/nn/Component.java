package dev.neurite.api.nn;

/** Something saved by type id and config and rebuilt through the {@link Registry}: layers, losses, optimizers. */
public interface Component {
    /** The stable id this type is registered under, e.g. {@code dense}, {@code adam}. */
    String typeId();

    /** Everything needed to rebuild this component (not its weights). */
    Config config();
}
