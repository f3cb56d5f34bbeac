using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>Probe and healthcheck paths against the health endpoints the code maps.</summary>
public static class ProbeChecks
{
    /// <summary>Every Deployment's containers have readiness on the readiness path and liveness on the liveness path, on a port they declare.</summary>
    public static IReadOnlyList<string> DeploymentsProbeTheHealthEndpoints(DeployFiles files)
    {
        var problems = new List<string>();
        foreach (var deployment in files.Deployments())
        {
            foreach (var container in deployment.Containers())
            {
                var ports = container.Child("ports").Items().Select(p => p.Child("name").Str()).Concat(container.Child("ports").Items().Select(p => p.Child("containerPort").Str())).ToHashSet();
                foreach (var (probe, path) in new[] { ("readinessProbe", Code.ReadinessPath), ("livenessProbe", Code.LivenessPath), ("startupProbe", Code.LivenessPath) })
                {
                    var get = container.At(probe, "httpGet");
                    if (get is null)
                    {
                        if (probe != "startupProbe")
                        {
                            problems.Add($"{deployment.File}: Deployment {deployment.Name} has no {probe} (httpGet)");
                        }

                        continue;
                    }

                    if (get.Child("path").Str() != path)
                    {
                        problems.Add($"{deployment.File}: Deployment {deployment.Name}'s {probe} gets {get.Child("path").Str()}, the code maps {path}");
                    }

                    if (!ports.Contains(get.Child("port").Str()))
                    {
                        problems.Add($"{deployment.File}: Deployment {deployment.Name}'s {probe} port {get.Child("port").Str()} is no port of the container");
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>Compose checks silos and gateways at the readiness path of their HTTP port, so depends_on waits for ready ones.</summary>
    public static IReadOnlyList<string> ComposeHealthchecksUseReadiness(DeployFiles files)
    {
        var problems = new List<string>();
        foreach (var (name, service) in files.ComposeServices())
        {
            if (Manifests.ComposeHostOf(service) is not { } host)
            {
                continue;
            }

            var port = host == Hosts.Silo ? 8081 : 8080;
            var environment = Manifests.ComposeEnvironment(service);
            port = Code.PortOf(environment.GetValueOrDefault(host == Hosts.Silo ? "Netra__Silo__HttpUrls" : "ASPNETCORE_URLS")) ?? port;
            var url = service.At("healthcheck", "test").Words().FirstOrDefault(w => w.StartsWith("http", StringComparison.Ordinal));
            if (url is null || Code.PathOf(url) != Code.ReadinessPath || Code.PortOf(url) != port)
            {
                problems.Add($"{DeployFiles.Compose}: service {name}'s healthcheck should get http://127.0.0.1:{port}{Code.ReadinessPath}, it gets {url ?? "nothing"}");
            }
        }

        return problems;
    }

    /// <summary>The local cluster script gives each silo its HTTP port and waits for the readiness path.</summary>
    public static IReadOnlyList<string> LocalClusterUsesTheSiloHttpPort(DeployFiles files)
    {
        var script = files.Text(DeployFiles.LocalCluster);
        var problems = new List<string>();
        if (!files.EnvironmentUses().Any(u => u.File == DeployFiles.LocalCluster && u.Host == Hosts.Silo && u.Name == "Netra__Silo__HttpUrls"))
        {
            problems.Add($"{DeployFiles.LocalCluster} gives the silos no Netra__Silo__HttpUrls");
        }

        if (!script.Contains(Code.ReadinessPath, StringComparison.Ordinal))
        {
            problems.Add($"{DeployFiles.LocalCluster} never asks {Code.ReadinessPath}");
        }

        return problems;
    }
}
