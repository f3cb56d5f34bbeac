using Netra.Deploy.Tests.Checks;
using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests;

/// <summary>Each check fails on a copy of the files broken the way it guards against: a check that cannot fail is no check.</summary>
public sealed class BrokenDeployFilesTests
{
    private const string Silo = DeployFiles.SiloDockerfile;
    private const string Gateway = DeployFiles.GatewayDockerfile;
    private const string Compose = DeployFiles.Compose;
    private const string SiloK8s = "deploy/k8s/silo.yaml";
    private const string GatewayK8s = "deploy/k8s/gateway.yaml";
    private const string ConfigK8s = "deploy/k8s/config.yaml";

    /// <summary>(check, file, text, replacement): the broken copy the check must fail on.</summary>
    public static TheoryData<string, string, string, string> Mutations => new()
    {
        { nameof(EnvironmentChecks.NamesAreKeysTheHostReads), Compose, "Netra__Workloads__ClickHouse__Url:", "Netra__ClickHouse__Url:" },
        { nameof(EnvironmentChecks.NamesAreKeysTheHostReads), SiloK8s, "name: Netra__Silo__HttpUrls", "name: Netra__Silo__HttpUrl" },
        { nameof(EnvironmentChecks.NamesAreKeysTheHostReads), GatewayK8s, "name: Netra__Auth__Audience", "name: Netra__Silo__HttpUrls" },
        { nameof(EnvironmentChecks.NamesAreKeysTheHostReads), Silo, "Netra__Logging__Format=json", "Netra__Log__Format=json" },
        { nameof(EnvironmentChecks.NamesAreKeysTheHostReads), DeployFiles.LocalCluster, "Netra__Cluster__Enabled=true \\\n            \"Netra__Cluster__Port", "Netra__Cluster__Enable=true \\\n            \"Netra__Cluster__Port" },
        { nameof(EnvironmentChecks.EveryHostGetsTheEssentials), ConfigK8s, "Netra__Logging__Format: json", "Netra__Logging__Format: text" },
        { nameof(PortChecks.ImagesExposeTheirPorts), Silo, "EXPOSE 11111 8081", "EXPOSE 11111 8080" },
        { nameof(PortChecks.ImagesExposeTheirPorts), Gateway, "http://127.0.0.1:8080/health ", "http://127.0.0.1:8080/healthz " },
        { nameof(PortChecks.ImagesExposeTheirPorts), Silo, "Netra__Cluster__Port=11111", "Netra__Cluster__Port=22222" },
        { nameof(PortChecks.DeploymentsUseTheImagesPorts), SiloK8s, "containerPort: 8081", "containerPort: 8082" },
        { nameof(PortChecks.DeploymentsUseTheImagesPorts), GatewayK8s, "value: http://+:8080", "value: http://+:9090" },
        { nameof(ProbeChecks.DeploymentsProbeTheHealthEndpoints), SiloK8s, "path: /health/ready", "path: /ready" },
        { nameof(ProbeChecks.DeploymentsProbeTheHealthEndpoints), GatewayK8s, "livenessProbe:", "otherProbe:" },
        { nameof(ProbeChecks.DeploymentsProbeTheHealthEndpoints), GatewayK8s, "              port: http\n            initialDelaySeconds", "              port: web\n            initialDelaySeconds" },
        { nameof(ProbeChecks.ComposeHealthchecksUseReadiness), Compose, "\"http://127.0.0.1:8081/health/ready\"", "\"http://127.0.0.1:8081/health\"" },
        { nameof(ProbeChecks.LocalClusterUsesTheSiloHttpPort), DeployFiles.LocalCluster, "\"Netra__Silo__HttpUrls=", "\"Netra__Silo__Urls=" },
        { nameof(ComposeChecks.HasTheScaledTopology), Compose, "  gateway-2:\n    <<: *gateway", "  gateway-2:\n    <<: *silo" },
        { nameof(ComposeChecks.HasTheScaledTopology), DeployFiles.Nginx, "server gateway-2:8080", "server silo-2:8080" },
        { nameof(ComposeChecks.HasTheScaledTopology), DeployFiles.Nginx, "upstream netra_gateways {", "upstream netra_gateways {\n        ip_hash;" },
        { nameof(ComposeChecks.HasTheScaledTopology), DeployFiles.Nginx, "proxy_set_header Connection $connection_upgrade;", "" },
        { nameof(ComposeChecks.DependsOnHealthyServices), Compose, "condition: service_healthy\n    clickhouse:", "condition: service_started\n    clickhouse:" },
        { nameof(ComposeChecks.DependsOnHealthyServices), Compose, "    silo-3:\n      condition: service_healthy\n", "" },
        { nameof(ComposeChecks.SilosListenOnTheirOwnAddress), Compose, "Netra__Cluster__Host: 172.28.0.13", "Netra__Cluster__Host: 172.28.0.12" },
        { nameof(ComposeChecks.VariablesAreInTheEnvExample), DeployFiles.EnvExample, "CLICKHOUSE_PASSWORD=", "CLICKHOUSE_PASS=" },
        { nameof(KubernetesChecks.DeploymentsAreAsPlanned), SiloK8s, "replicas: 3", "replicas: 2" },
        { nameof(KubernetesChecks.DeploymentsAreAsPlanned), SiloK8s, "fieldPath: status.podIP", "fieldPath: status.hostIP" },
        { nameof(KubernetesChecks.DeploymentsAreAsPlanned), GatewayK8s, "              memory: 512Mi", "" },
        { nameof(KubernetesChecks.AutoscalersTargetTheDeployments), GatewayK8s, "    kind: Deployment\n    name: netra-gateway", "    kind: Deployment\n    name: netra-gateways" },
        { nameof(KubernetesChecks.AutoscalersTargetTheDeployments), SiloK8s, "minReplicas: 3", "minReplicas: 4" },
        { nameof(KubernetesChecks.ReferencesResolve), GatewayK8s, "key: auth-signing-key", "key: signing-key" },
        { nameof(KubernetesChecks.ReferencesResolve), GatewayK8s, "      targetPort: http", "      targetPort: 8081" },
        { nameof(KubernetesChecks.ReferencesResolve), "deploy/k8s/kustomization.yaml", "  - gateway.yaml\n", "" },
        { nameof(DockerfileChecks.BuildAndRunTheirProjects), Gateway, "\"Netra.Gateway.dll\"", "\"Netra.Gateway.Web.dll\"" },
        { nameof(DockerfileChecks.BuildAndRunTheirProjects), Silo, "RUN dotnet publish src/Silo/Netra.Silo.csproj", "RUN dotnet publish src/Gateway/Netra.Gateway.csproj" },
        { nameof(DockerfileChecks.BuildAndRunTheirProjects), Silo, "COPY src/Observability/Netra.Observability.csproj src/Observability/\n", "" },
        { nameof(DockerfileChecks.BuildAndRunTheirProjects), Gateway, "USER $APP_UID", "USER root" },
        { nameof(MigrationChecks.ReadmeNamesTheMigrations), DeployFiles.Readme, "0003_streams.sql", "0004_streams.sql" },
        { nameof(SecretChecks.SecretsArePlaceholders), ConfigK8s, "clickhouse-password: CHANGE_ME", "clickhouse-password: hunter2" },
        { nameof(SecretChecks.SecretsArePlaceholders), DeployFiles.EnvExample, "NETRA_LLM_API_KEY=", "NETRA_LLM_API_KEY=sk-proj-Abcdefghijklmnop1234567890" },
        { nameof(SecretChecks.SecretsArePlaceholders), Compose, "${NETRA_AUTH_SIGNING_KEY:?set NETRA_AUTH_SIGNING_KEY in deploy/compose/.env}", "q8Vb3Kd9ZpLm2Xr7Tn4Wc6Yh1Js5Fg0A" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_broken_copy_fails_the_check_that_guards_it(string check, string path, string text, string replacement)
    {
        Assert.Empty(DeployChecks.All[check](DeployFiles.Current));
        var problems = DeployChecks.All[check](DeployFiles.Current.WithReplaced(path, text, replacement));
        Assert.NotEmpty(problems);
    }
}
