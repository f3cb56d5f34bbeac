using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>Ports and probe paths against the code's defaults and the images' EXPOSE.</summary>
public static class PortChecks
{
    /// <summary>The silo image exposes the cluster port and the HTTP port its environment sets; the gateway image, its URL's port.</summary>
    public static IReadOnlyList<string> ImagesExposeTheirPorts(DeployFiles files)
    {
        var problems = new List<string>();
        var silo = Dockerfile.Parse(files.Text(DeployFiles.SiloDockerfile));
        var siloEnv = silo.RuntimeEnvironment;
        var siloHttp = Code.PortOf(siloEnv.GetValueOrDefault("Netra__Silo__HttpUrls"));
        if (siloHttp is null)
        {
            problems.Add($"{DeployFiles.SiloDockerfile} sets no port in Netra__Silo__HttpUrls (the default is a random loopback port)");
        }

        if (siloEnv.TryGetValue("Netra__Cluster__Port", out var clusterPort) && clusterPort != Code.ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            problems.Add($"{DeployFiles.SiloDockerfile} sets Netra__Cluster__Port={clusterPort}; the code's default and the manifests use {Code.ClusterPort}");
        }

        Expect(problems, DeployFiles.SiloDockerfile, silo.ExposedPorts, new HashSet<int> { Code.ClusterPort, siloHttp ?? -1 });
        var gateway = Dockerfile.Parse(files.Text(DeployFiles.GatewayDockerfile));
        var gatewayHttp = Code.PortOf(gateway.RuntimeEnvironment.GetValueOrDefault("ASPNETCORE_URLS"));
        if (gatewayHttp is null)
        {
            problems.Add($"{DeployFiles.GatewayDockerfile} sets no ASPNETCORE_URLS port: the gateway would listen on localhost only");
        }

        Expect(problems, DeployFiles.GatewayDockerfile, gateway.ExposedPorts, new HashSet<int> { gatewayHttp ?? -1 });
        foreach (var (path, file, port) in new[] { (DeployFiles.SiloDockerfile, silo, siloHttp), (DeployFiles.GatewayDockerfile, gateway, gatewayHttp) })
        {
            var url = file.All("HEALTHCHECK").SelectMany(a => a.Split(' ')).FirstOrDefault(w => w.StartsWith("http", StringComparison.Ordinal));
            if (url is null || Code.PathOf(url) != Code.LivenessPath || Code.PortOf(url) != port)
            {
                problems.Add($"{path}: HEALTHCHECK should get http://127.0.0.1:{port}{Code.LivenessPath}, it gets {url ?? "nothing"}");
            }
        }

        return problems;
    }

    /// <summary>Each HTTP port of the manifests and the compose file is the one its image listens on.</summary>
    public static IReadOnlyList<string> DeploymentsUseTheImagesPorts(DeployFiles files)
    {
        var problems = new List<string>();
        var httpPorts = new Dictionary<Hosts, int?>
        {
            [Hosts.Silo] = Code.PortOf(Dockerfile.Parse(files.Text(DeployFiles.SiloDockerfile)).RuntimeEnvironment.GetValueOrDefault("Netra__Silo__HttpUrls")),
            [Hosts.Gateway] = Code.PortOf(Dockerfile.Parse(files.Text(DeployFiles.GatewayDockerfile)).RuntimeEnvironment.GetValueOrDefault("ASPNETCORE_URLS")),
        };
        foreach (var use in files.EnvironmentUses().Where(u => u.File != DeployFiles.LocalCluster))
        {
            var port = Code.PortOf(use.Value);
            if ((use.Name is "Netra__Silo__HttpUrls" or "ASPNETCORE_URLS") && port != httpPorts[use.Host])
            {
                problems.Add($"{use.File} ({use.Where}): {use.Name}={use.Value} is not the image's HTTP port {httpPorts[use.Host]}");
            }

            if (use.Name == "Netra__Cluster__Port" && use.Value != Code.ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                problems.Add($"{use.File} ({use.Where}): Netra__Cluster__Port={use.Value}, not {Code.ClusterPort}");
            }
        }

        foreach (var deployment in files.Deployments())
        {
            var host = deployment.HostOf() ?? Hosts.Both;
            var ports = deployment.Containers().SelectMany(c => c.Child("ports").Items())
                .ToDictionary(p => p.Child("name").Str() ?? "", p => p.Child("containerPort").Str());
            var expected = host == Hosts.Silo
                ? new Dictionary<string, int?> { ["http"] = httpPorts[Hosts.Silo], ["cluster"] = Code.ClusterPort }
                : new Dictionary<string, int?> { ["http"] = httpPorts[Hosts.Gateway] };
            if (ports.Count != expected.Count || expected.Any(e => ports.GetValueOrDefault(e.Key) != e.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                problems.Add($"{deployment.File}: Deployment {deployment.Name} has container ports [{string.Join(", ", ports.Select(p => $"{p.Key}={p.Value}"))}], "
                    + $"expected [{string.Join(", ", expected.Select(p => $"{p.Key}={p.Value}"))}]");
            }
        }

        return problems;
    }

    private static void Expect(List<string> problems, string path, IReadOnlySet<int> exposed, IReadOnlySet<int> expected)
    {
        if (!exposed.SetEquals(expected))
        {
            problems.Add($"{path} exposes [{string.Join(", ", exposed.Order())}], expected [{string.Join(", ", expected.Order())}]");
        }
    }
}
