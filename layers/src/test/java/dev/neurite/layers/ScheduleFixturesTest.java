package dev.neurite.layers;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;
import dev.neurite.api.nn.Registry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Epoch schedules against PyTorch's lr_scheduler classes (fixtures/schedules.json). */
class ScheduleFixturesTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.cases("schedules.json").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
    }

    private static void check(Map<String, Object> c) {
        LearningRateSchedule schedule = Registry.global().schedule(
                Config.empty().with("type", c.get("type")).with("config", Fixtures.config(c.get("config"))));
        double base = ((Number) c.get("base_rate")).doubleValue();
        var rates = Fixtures.list(c.get("rates"));
        for (int epoch = 0; epoch < rates.size(); epoch++) {
            assertEquals(((Number) rates.get(epoch)).doubleValue(), schedule.rate(base, epoch, epoch * 10L), 1e-12, c.get("name") + " epoch " + epoch);
        }
    }
}
