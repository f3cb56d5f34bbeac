using Netra.Deploy.Tests.Checks;
using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests;

/// <summary>The deployment files, which cannot be run here, checked against the code. Each check is also shown to fail on a broken copy (<see cref="BrokenDeployFilesTests"/>).</summary>
public sealed class DeployFilesAgreeWithTheCodeTests
{
    private static void NoProblems(string check) => Assert.Empty(DeployChecks.All[check](DeployFiles.Current));

    [Fact]
    public void Every_environment_variable_sets_a_configuration_key_its_host_reads() => NoProblems(nameof(EnvironmentChecks.NamesAreKeysTheHostReads));

    [Fact]
    public void Compose_and_Kubernetes_give_every_host_cluster_mode_postgres_clickhouse_and_json_logs() => NoProblems(nameof(EnvironmentChecks.EveryHostGetsTheEssentials));

    [Fact]
    public void Images_expose_the_cluster_port_and_the_http_ports_their_hosts_listen_on() => NoProblems(nameof(PortChecks.ImagesExposeTheirPorts));

    [Fact]
    public void Compose_and_Kubernetes_use_the_ports_the_images_listen_on() => NoProblems(nameof(PortChecks.DeploymentsUseTheImagesPorts));

    [Fact]
    public void Every_deployment_probes_readiness_and_liveness_at_the_mapped_health_endpoints() => NoProblems(nameof(ProbeChecks.DeploymentsProbeTheHealthEndpoints));

    [Fact]
    public void Compose_healthchecks_ask_silos_and_gateways_for_readiness() => NoProblems(nameof(ProbeChecks.ComposeHealthchecksUseReadiness));

    [Fact]
    public void The_local_cluster_gives_silos_an_http_port_and_waits_for_readiness() => NoProblems(nameof(ProbeChecks.LocalClusterUsesTheSiloHttpPort));

    [Fact]
    public void Compose_runs_three_silos_two_gateways_the_databases_and_a_round_robin_balancer_over_the_gateways() => NoProblems(nameof(ComposeChecks.HasTheScaledTopology));

    [Fact]
    public void Compose_services_wait_for_healthy_dependencies() => NoProblems(nameof(ComposeChecks.DependsOnHealthyServices));

    [Fact]
    public void Each_compose_silo_listens_on_its_own_fixed_address() => NoProblems(nameof(ComposeChecks.SilosListenOnTheirOwnAddress));

    [Fact]
    public void Compose_variables_and_the_env_example_match() => NoProblems(nameof(ComposeChecks.VariablesAreInTheEnvExample));

    [Fact]
    public void Kubernetes_runs_three_silos_and_two_gateways_non_root_with_resources_and_pod_ip_hosts() => NoProblems(nameof(KubernetesChecks.DeploymentsAreAsPlanned));

    [Fact]
    public void Every_deployment_has_a_cpu_autoscaler_that_targets_it() => NoProblems(nameof(KubernetesChecks.AutoscalersTargetTheDeployments));

    [Fact]
    public void Kubernetes_services_configmaps_secrets_and_kustomization_references_resolve() => NoProblems(nameof(KubernetesChecks.ReferencesResolve));

    [Fact]
    public void Dockerfiles_build_their_project_and_run_its_assembly_as_non_root() => NoProblems(nameof(DockerfileChecks.BuildAndRunTheirProjects));

    [Fact]
    public void The_readme_names_every_postgres_migration_and_they_are_numbered_without_gaps() => NoProblems(nameof(MigrationChecks.ReadmeNamesTheMigrations));

    [Fact]
    public void Secrets_in_deploy_files_are_placeholders() => NoProblems(nameof(SecretChecks.SecretsArePlaceholders));

    [Fact]
    public void Keys_the_code_spells_as_literals_are_still_in_its_source() =>
        Assert.Empty(EnvironmentChecks.SourceLiteralsAreInTheSource(ConfigurationKeys.SourceLiterals));

    [Fact]
    public void Every_check_has_a_test_here_and_a_broken_copy_that_fails_it()
    {
        var tested = typeof(DeployFilesAgreeWithTheCodeTests).GetMethods().Where(m => m.IsDefined(typeof(FactAttribute), false)).Count();
        Assert.True(tested >= DeployChecks.All.Count + 1, "a check in DeployChecks.All has no [Fact] here");
        var broken = BrokenDeployFilesTests.Mutations.Select(m => (string)m[0]).ToHashSet();
        Assert.All(DeployChecks.All.Keys, check => Assert.Contains(check, broken));
    }
}
