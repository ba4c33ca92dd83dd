package dev.neurite.api.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-compatible configuration of a component (layer, loss, optimizer): values are String, Number,
 * Boolean, List or Map (nested configs). Saved next to the weights so a model can be rebuilt by type id.
 */
public final class Config {
    private final Map<String, Object> values;

    private Config(Map<String, Object> values) {
        this.values = values;
    }

    public static Config empty() {
        return new Config(new LinkedHashMap<>());
    }

    public static Config of(Map<String, ?> values) {
        return new Config(new LinkedHashMap<>(values));
    }

    /** Returns this config with {@code key} set; values must be JSON-compatible (arrays become lists). */
    public Config with(String key, Object value) {
        values.put(key, normalize(value));
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public String getString(String key) {
        return (String) require(key);
    }

    public String getString(String key, String fallback) {
        return has(key) ? getString(key) : fallback;
    }

    public int getInt(String key) {
        return ((Number) require(key)).intValue();
    }

    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    public long getLong(String key) {
        return ((Number) require(key)).longValue();
    }

    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    public double getDouble(String key, double fallback) {
        return has(key) ? getDouble(key) : fallback;
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return has(key) ? getBoolean(key) : fallback;
    }

    public int[] getIntArray(String key) {
        List<?> l = (List<?>) require(key);
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ((Number) l.get(i)).intValue();
        }
        return r;
    }

    public long[] getLongArray(String key) {
        List<?> l = (List<?>) require(key);
        long[] r = new long[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ((Number) l.get(i)).longValue();
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    public Config getConfig(String key) {
        return Config.of((Map<String, Object>) require(key));
    }

    @SuppressWarnings("unchecked")
    public List<Config> getConfigList(String key) {
        List<Config> r = new ArrayList<>();
        for (Object o : (List<?>) require(key)) {
            r.add(Config.of((Map<String, Object>) o));
        }
        return r;
    }

    public List<?> getList(String key) {
        return (List<?>) require(key);
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("config: missing required key '" + key + "' in " + values.keySet());
        }
        return v;
    }

    private static Object normalize(Object v) {
        if (v instanceof Config c) {
            return c.values;
        }
        if (v instanceof int[] a) {
            List<Object> l = new ArrayList<>();
            for (int x : a) {
                l.add(x);
            }
            return l;
        }
        if (v instanceof long[] a) {
            List<Object> l = new ArrayList<>();
            for (long x : a) {
                l.add(x);
            }
            return l;
        }
        if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double x : a) {
                l.add(x);
            }
            return l;
        }
        if (v instanceof List<?> list) {
            List<Object> l = new ArrayList<>();
            for (Object x : list) {
                l.add(normalize(x));
            }
            return l;
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
