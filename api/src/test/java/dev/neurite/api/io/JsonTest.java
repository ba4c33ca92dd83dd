package dev.neurite.api.io;

import dev.neurite.api.nn.Config;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesEveryKindOfValueKeepingKeyOrder() {
        Object v = Json.parse("{\"z\": 1, \"a\": [true, false, null], \"m\": {\"s\": \"x\\ty\\u00e9\\ud83d\\ude00\"},"
                + " \"d\": -2.5e3, \"big\": 123456789012345678901234567890, \"neg\": -9223372036854775808}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("z", "a", "m", "d", "big", "neg"), new ArrayList<>(m.keySet()));
        assertEquals(1L, m.get("z"));
        assertEquals(Arrays.asList(true, false, null), m.get("a"));
        assertEquals("x\ty\u00e9\ud83d\ude00", ((Map<?, ?>) m.get("m")).get("s"));
        assertEquals(-2500.0, m.get("d"));
        assertEquals(1.2345678901234568E29, m.get("big"));
        assertEquals(Long.MIN_VALUE, m.get("neg"));
    }

    @Test
    void integersAreLongsAndOtherNumbersDoubles() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(-0L, Json.parse("-0"));
        assertEquals(1.0, Json.parse("1.0"));
        assertEquals(100.0, Json.parse("1E2"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
    }

    @Test
    void roundTripsCompactAndPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "quote\" backslash\\ newline\n control\u0001 unicode\u00e9");
        m.put("ints", new int[]{1, 2, 3});
        m.put("longs", List.of(Long.MAX_VALUE, -1L));
        m.put("doubles", new double[]{0.1, 1e-300, 1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
        m.put("float", 0.1f);
        m.put("empty", Map.of());
        m.put("emptyList", List.of());
        m.put("nil", null);
        m.put("config", Config.empty().with("units", 4).with("nested", Config.empty().with("x", true)));
        Object compact = Json.parse(Json.write(m));
        Object pretty = Json.parse(Json.writePretty(m));
        assertEquals(compact, pretty);
        Map<?, ?> r = (Map<?, ?>) compact;
        assertEquals(m.get("name"), r.get("name"));
        assertEquals(List.of(1L, 2L, 3L), r.get("ints"));
        assertEquals(List.of(Long.MAX_VALUE, -1L), r.get("longs"));
        List<?> d = (List<?>) r.get("doubles");
        assertEquals(0.1, d.get(0));
        assertEquals(1e-300, d.get(1));
        assertEquals(1.0, d.get(2));
        assertTrue(Double.isNaN((Double) d.get(3)));
        assertEquals(Double.POSITIVE_INFINITY, d.get(4));
        assertEquals(Double.NEGATIVE_INFINITY, d.get(5));
        assertEquals(0.1, r.get("float"));
        assertEquals(Map.of(), r.get("empty"));
        assertNull(r.get("nil"));
        assertTrue(r.containsKey("nil"));
        assertEquals(Map.of("units", 4L, "nested", Map.of("x", true)), r.get("config"));
    }

    @Test
    void compactFormHasNoWhitespaceAndPrettyIsIndented() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1, 2));
        m.put("b", Map.of("c", "d"));
        assertEquals("{\"a\":[1,2],\"b\":{\"c\":\"d\"}}", Json.write(m));
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  }\n}\n", Json.writePretty(m));
    }

    @Test
    void malformedInputNamesLineAndColumn() {
        assertError("{\"a\": 1,\n  \"b\": }", 2, 8, "expected a value");
        assertError("{\"a\": 1,}", 1, 9, "expected a string key");
        assertError("[1, 2,]", 1, 7, "expected a value");
        assertError("[1 2]", 1, 4, "expected ',' or ']'");
        assertError("{\"a\" 1}", 1, 6, "expected ':'");
        assertError("{\"a\": 01}", 1, 7, "leading zero");
        assertError("{\"a\": 1} x", 1, 10, "after the end");
        assertError("\"abc", 1, 5, "unterminated string");
        assertError("\"a\nb\"", 1, 3, "control character");
        assertError("\"\\x\"", 1, 2, "invalid escape");
        assertError("\"\\u12g4\"", 1, 6, "hex digit");
        assertError("// c\n1", 1, 1, "expected a value");
        assertError("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\"");
        assertError("tru", 1, 1, "expected a value");
        assertError("-", 1, 2, "expected a digit");
        assertError("1.", 1, 3, "expected a digit");
        assertError("", 1, 1, "unexpected end of input");
        assertError("[".repeat(600), 1, 513, "nesting deeper");
    }

    @Test
    void rejectsInvalidUtf8AndByteOrderMark() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(new byte[]{'[', '"', (byte) 0xC3, '"', ']'}));
        assertTrue(e.getMessage().contains("invalid UTF-8 at byte 2"), e.getMessage());
        byte[] bom = "\uFEFF{}".getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(JsonException.class, () -> Json.parse(bom)).getMessage().contains("byte order mark"));
        assertEquals(Map.of("é", "ü"), Json.parse("{\"é\":\"ü\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parseObjectRejectsOtherTopLevelValues() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("expected an object at the top level, got an array"), e.getMessage());
    }

    @Test
    void refusesToWriteUnknownTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("x", new Object())));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    private static void assertError(String text, int line, int column, String fragment) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text), text);
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
