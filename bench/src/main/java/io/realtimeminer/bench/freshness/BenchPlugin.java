package io.realtimeminer.bench.freshness;

import io.realtimeminer.launcher.MinerPlugin;

/** Adds {@code miner bench} to the {@code miner} command when the bench module is on the class path. */
public final class BenchPlugin implements MinerPlugin {

    @Override
    public Object command() {
        return new BenchCommand();
    }
}
