# The gateway image: build from the repository root with
#   docker build -f deploy/docker/gateway.Dockerfile -t netra-gateway .
# Checked against the code by tests/Deploy.Tests (project, ports, probe path, environment variable names).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
# Restore first, from the project files alone, so the layer is reused until a project or a version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Gateway/Netra.Gateway.csproj src/Gateway/
COPY src/Grains/Netra.Grains.csproj src/Grains/
COPY src/Grains.Abstractions/Netra.Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Runtime/Netra.Runtime.csproj src/Runtime/
COPY src/Runtime.Generator/Netra.Runtime.Generator.csproj src/Runtime.Generator/
COPY src/Observability/Netra.Observability.csproj src/Observability/
RUN dotnet restore src/Gateway/Netra.Gateway.csproj
COPY src/ src/
RUN dotnet publish src/Gateway/Netra.Gateway.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for HEALTHCHECK only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The gateway listens on localhost:8080 unless told otherwise (GatewayExtensions.DefaultUrl), so every interface is
# asked for here. Cluster mode, PostgreSQL and the token settings come from the deployment.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    Netra__Cluster__Enabled=true \
    Netra__Logging__Format=json
EXPOSE 8080
# The image's non-root user (uid 1654).
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["dotnet", "Netra.Gateway.dll"]
