package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Type ids of layers, losses, optimizers and schedules, mapped to factories that rebuild them from a
 * {@link Config}. Filled from {@link ComponentProvider}s found by {@link ServiceLoader} and from providers
 * registered at run time (OSGi). A saved component is a spec {@code {type, module, config}}; loading a spec whose
 * type is unknown names the module to add.
 */
public final class Registry {
    /** The kinds of component a registry holds. */
    public enum Kind { LAYER, LOSS, OPTIMIZER, SCHEDULE }

    private record Entry(String module, Object factory) {
    }

    private static final List<ComponentProvider> REGISTERED = new CopyOnWriteArrayList<>();
    private static volatile Registry global;

    private final Map<Kind, Map<String, Entry>> entries = new ConcurrentHashMap<>();

    private Registry() {
        for (Kind k : Kind.values()) {
            entries.put(k, new ConcurrentHashMap<>());
        }
    }

    /** The registry of every provider on the class path plus those registered at run time. */
    public static Registry global() {
        Registry r = global;
        if (r == null) {
            synchronized (Registry.class) {
                r = global;
                if (r == null) {
                    r = load();
                    global = r;
                }
            }
        }
        return r;
    }

    /** Adds a provider (the OSGi launcher does this for services); the global registry is rebuilt. */
    public static synchronized void register(ComponentProvider provider) {
        REGISTERED.add(provider);
        global = null;
    }

    public static synchronized void unregister(ComponentProvider provider) {
        REGISTERED.remove(provider);
        global = null;
    }

    private static Registry load() {
        Registry r = new Registry();
        List<ComponentProvider> providers = new ArrayList<>(REGISTERED);
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), Registry.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class, loader)) {
                if (providers.stream().noneMatch(q -> q.getClass().getName().equals(p.getClass().getName()))) {
                    providers.add(p);
                }
            }
        }
        for (ComponentProvider p : providers) {
            p.register(r.new Builder(p.module()));
        }
        return r;
    }

    /** What a provider uses to add its types. */
    public final class Builder {
        private final String module;

        private Builder(String module) {
            this.module = module;
        }

        public Builder layer(String typeId, Function<Config, ? extends Layer> factory) {
            return put(Kind.LAYER, typeId, factory);
        }

        public Builder loss(String typeId, Function<Config, ? extends Loss> factory) {
            return put(Kind.LOSS, typeId, factory);
        }

        public Builder optimizer(String typeId, BiFunction<Config, Map<String, Tensor>, ? extends Optimizer> factory) {
            return put(Kind.OPTIMIZER, typeId, factory);
        }

        public Builder schedule(String typeId, Function<Config, ? extends LearningRateSchedule> factory) {
            return put(Kind.SCHEDULE, typeId, factory);
        }

        private Builder put(Kind kind, String typeId, Object factory) {
            entries.get(kind).put(typeId, new Entry(module, factory));
            return this;
        }
    }

    /** Type ids of a kind, sorted, with the module that provides each. */
    public Map<String, String> types(Kind kind) {
        Map<String, String> r = new TreeMap<>();
        entries.get(kind).forEach((id, e) -> r.put(id, e.module()));
        return r;
    }

    /** The saved form of a component: {@code {type, module, config}}. */
    public Config spec(Component c) {
        Kind kind = kindOf(c);
        Entry e = entries.get(kind).get(c.typeId());
        String module = e == null ? "unknown" : e.module();
        return Config.empty().with("type", c.typeId()).with("module", module).with("config", c.config());
    }

    @SuppressWarnings("unchecked")
    public Layer layer(Config spec) {
        return ((Function<Config, Layer>) factory(Kind.LAYER, spec)).apply(spec.getConfig("config"));
    }

    @SuppressWarnings("unchecked")
    public Loss loss(Config spec) {
        return ((Function<Config, Loss>) factory(Kind.LOSS, spec)).apply(spec.getConfig("config"));
    }

    @SuppressWarnings("unchecked")
    public Optimizer optimizer(Config spec, Map<String, Tensor> parameters) {
        return ((BiFunction<Config, Map<String, Tensor>, Optimizer>) factory(Kind.OPTIMIZER, spec))
                .apply(spec.getConfig("config"), parameters);
    }

    @SuppressWarnings("unchecked")
    public LearningRateSchedule schedule(Config spec) {
        return ((Function<Config, LearningRateSchedule>) factory(Kind.SCHEDULE, spec)).apply(spec.getConfig("config"));
    }

    private Object factory(Kind kind, Config spec) {
        String type = spec.getString("type");
        Entry e = entries.get(kind).get(type);
        if (e == null) {
            String module = spec.getString("module", "unknown");
            throw new UnknownTypeException(kind.name().toLowerCase(java.util.Locale.ROOT) + " type '" + type
                    + "' is not registered" + ("unknown".equals(module) ? "" : "; it is provided by module '" + module
                    + "' (Maven artifact dev.neurite:" + module + "): add it to the class path")
                    + ". Known " + kind.name().toLowerCase(java.util.Locale.ROOT) + " types: " + types(kind).keySet());
        }
        return e.factory();
    }

    private static Kind kindOf(Component c) {
        if (c instanceof Layer) {
            return Kind.LAYER;
        }
        if (c instanceof Loss) {
            return Kind.LOSS;
        }
        if (c instanceof Optimizer) {
            return Kind.OPTIMIZER;
        }
        if (c instanceof LearningRateSchedule) {
            return Kind.SCHEDULE;
        }
        throw new IllegalArgumentException("registry: " + c.getClass().getName() + " is not a layer, loss, optimizer or schedule");
    }

    /** A saved component names a type no loaded module provides. */
    public static final class UnknownTypeException extends IllegalArgumentException {
        public UnknownTypeException(String message) {
            super(message);
        }
    }
}
