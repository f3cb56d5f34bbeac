using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>Every check by name, so one test can run each against the real files and another against broken copies.</summary>
public static class DeployChecks
{
    /// <summary>The checks: each returns the problems it finds, none when the files agree with the code.</summary>
    public static readonly IReadOnlyDictionary<string, Func<DeployFiles, IReadOnlyList<string>>> All = new Dictionary<string, Func<DeployFiles, IReadOnlyList<string>>>
    {
        [nameof(EnvironmentChecks.NamesAreKeysTheHostReads)] = EnvironmentChecks.NamesAreKeysTheHostReads,
        [nameof(EnvironmentChecks.EveryHostGetsTheEssentials)] = EnvironmentChecks.EveryHostGetsTheEssentials,
        [nameof(PortChecks.ImagesExposeTheirPorts)] = PortChecks.ImagesExposeTheirPorts,
        [nameof(PortChecks.DeploymentsUseTheImagesPorts)] = PortChecks.DeploymentsUseTheImagesPorts,
        [nameof(ProbeChecks.DeploymentsProbeTheHealthEndpoints)] = ProbeChecks.DeploymentsProbeTheHealthEndpoints,
        [nameof(ProbeChecks.ComposeHealthchecksUseReadiness)] = ProbeChecks.ComposeHealthchecksUseReadiness,
        [nameof(ProbeChecks.LocalClusterUsesTheSiloHttpPort)] = ProbeChecks.LocalClusterUsesTheSiloHttpPort,
        [nameof(ComposeChecks.HasTheScaledTopology)] = ComposeChecks.HasTheScaledTopology,
        [nameof(ComposeChecks.DependsOnHealthyServices)] = ComposeChecks.DependsOnHealthyServices,
        [nameof(ComposeChecks.SilosListenOnTheirOwnAddress)] = ComposeChecks.SilosListenOnTheirOwnAddress,
        [nameof(ComposeChecks.VariablesAreInTheEnvExample)] = ComposeChecks.VariablesAreInTheEnvExample,
        [nameof(KubernetesChecks.DeploymentsAreAsPlanned)] = KubernetesChecks.DeploymentsAreAsPlanned,
        [nameof(KubernetesChecks.AutoscalersTargetTheDeployments)] = KubernetesChecks.AutoscalersTargetTheDeployments,
        [nameof(KubernetesChecks.ReferencesResolve)] = KubernetesChecks.ReferencesResolve,
        [nameof(DockerfileChecks.BuildAndRunTheirProjects)] = DockerfileChecks.BuildAndRunTheirProjects,
        [nameof(MigrationChecks.ReadmeNamesTheMigrations)] = MigrationChecks.ReadmeNamesTheMigrations,
        [nameof(SecretChecks.SecretsArePlaceholders)] = SecretChecks.SecretsArePlaceholders,
    };
}
