# One image for every role of realtime-miner: `up` (topics, migrations, the Connect worker with the
# sinks, one instance of the topologies), `topology` and `fetcher`. The arguments are those of
# bin/miner, e.g. `docker run realtime-miner fetcher -D kafka.bootstrap.servers=kafka:19092 ...`.
# Not built or run by the project's tests (no Docker engine on the build machine); see docs/operations.md.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The launcher with everything it needs: its jars in launcher/target/lib and the Connect plugin
# folders in connect/target/plugins (the registry module is built too, as a dependency of stack).
RUN mvn -B -q -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
# curl for the containers' health checks (GET /health of the instance's API).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/miner
# The same layout as a checkout, so that -Dminer.home finds the plugin folders.
COPY --from=build /src/launcher/target/launcher.jar launcher/target/launcher.jar
COPY --from=build /src/launcher/target/lib launcher/target/lib
COPY --from=build /src/connect/target/plugins connect/target/plugins
ENV MINER_JAVA_OPTS="-Xmx512m"
VOLUME /data
# What bin/miner runs, without its build step.
ENTRYPOINT ["sh", "-c", "exec java $MINER_JAVA_OPTS -Dminer.home=/opt/miner -cp '/opt/miner/launcher/target/launcher.jar:/opt/miner/launcher/target/lib/*' io.realtimeminer.launcher.Miner \"$@\"", "miner"]
CMD ["--help"]
