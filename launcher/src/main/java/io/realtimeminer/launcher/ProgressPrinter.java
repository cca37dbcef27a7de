package io.realtimeminer.launcher;

import io.realtimeminer.stack.StackComponent;
import io.realtimeminer.stack.StartListener;

import java.io.PrintStream;
import java.time.Duration;

/** Shows which part of the stack is starting and how long each took. */
final class ProgressPrinter implements StartListener {

    private final PrintStream out;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void starting(StackComponent component) {
        out.printf("  %-24s starting...%n", component.displayName());
    }

    @Override
    public void started(StackComponent component, String address, Duration took) {
        out.printf("  %-24s ready in %.1f s at %s%n", component.displayName(), took.toMillis() / 1000.0, address);
    }

    @Override
    public void external(StackComponent component, String address) {
        out.printf("  %-24s external, at %s%n", component.displayName(), address);
    }
}
