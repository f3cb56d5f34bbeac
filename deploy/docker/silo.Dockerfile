# The silo image: build from the repository root with
#   docker build -f deploy/docker/silo.Dockerfile -t netra-silo .
# Checked against the code by tests/Deploy.Tests (project, ports, probe path, environment variable names).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
# Restore first, from the project files alone, so the layer is reused until a project or a version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Silo/Netra.Silo.csproj src/Silo/
COPY src/Grains/Netra.Grains.csproj src/Grains/
COPY src/Grains.Abstractions/Netra.Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Runtime/Netra.Runtime.csproj src/Runtime/
COPY src/Runtime.Generator/Netra.Runtime.Generator.csproj src/Runtime.Generator/
COPY src/Observability/Netra.Observability.csproj src/Observability/
RUN dotnet restore src/Silo/Netra.Silo.csproj
COPY src/ src/
RUN dotnet publish src/Silo/Netra.Silo.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for HEALTHCHECK only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Netra__Cluster__Host must be this container's own IP address (compose: a fixed address; Kubernetes: the pod IP).
# Netra__Postgres__ConnectionString comes from the deployment (a secret).
ENV ASPNETCORE_ENVIRONMENT=Production \
    Netra__Cluster__Enabled=true \
    Netra__Cluster__Port=11111 \
    Netra__Silo__HttpUrls=http://+:8081 \
    Netra__Logging__Format=json
# 11111: silo-to-silo and gateway-to-silo traffic. 8081: /health, /health/ready and /metrics.
EXPOSE 11111 8081
# The image's non-root user (uid 1654).
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8081/health || exit 1
ENTRYPOINT ["dotnet", "Netra.Silo.dll"]
