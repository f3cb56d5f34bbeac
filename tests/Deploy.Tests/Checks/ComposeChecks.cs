using System.Net;
using System.Text.RegularExpressions;
using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>The compose file's topology, dependencies, addresses and variables, and the load balancer's configuration.</summary>
public static partial class ComposeChecks
{
    /// <summary>3 silos, 2 gateways, PostgreSQL, ClickHouse, and an nginx whose upstreams are exactly the gateways, round robin, with WebSockets upgraded on /ws.</summary>
    public static IReadOnlyList<string> HasTheScaledTopology(DeployFiles files)
    {
        var problems = new List<string>();
        var services = files.ComposeServices().ToList();
        var silos = services.Where(s => Manifests.ComposeHostOf(s.Value) == Hosts.Silo).Select(s => s.Key).ToList();
        var gateways = services.Where(s => Manifests.ComposeHostOf(s.Value) == Hosts.Gateway).Select(s => s.Key).ToList();
        Count(problems, "silos", silos.Count, 3);
        Count(problems, "gateways", gateways.Count, 2);
        foreach (var image in new[] { "postgres", "clickhouse", "nginx" })
        {
            Count(problems, $"{image} services", services.Count(s => s.Value.Child("image").Str()?.Contains(image, StringComparison.Ordinal) == true), 1);
        }

        var nginx = services.FirstOrDefault(s => s.Value.Child("image").Str()?.StartsWith("nginx", StringComparison.Ordinal) == true).Value;
        if (!nginx.Child("volumes").Items().Any(v => v.Str()?.StartsWith("./nginx.conf:", StringComparison.Ordinal) == true))
        {
            problems.Add($"{DeployFiles.Compose}: the nginx service does not mount ./nginx.conf");
        }

        var config = files.Text(DeployFiles.Nginx);
        var upstream = Upstream().Match(config);
        var gatewayPort = Code.PortOf(Dockerfile.Parse(files.Text(DeployFiles.GatewayDockerfile)).RuntimeEnvironment.GetValueOrDefault("ASPNETCORE_URLS"));
        var servers = UpstreamServer().Matches(upstream.Groups["body"].Value).Select(m => m.Groups[1].Value).ToHashSet();
        if (!upstream.Success || !servers.SetEquals(gateways.Select(g => $"{g}:{gatewayPort}")))
        {
            problems.Add($"{DeployFiles.Nginx}: the upstream's servers [{string.Join(", ", servers)}] are not the gateways [{string.Join(", ", gateways.Select(g => $"{g}:{gatewayPort}"))}]");
        }

        if (Sticky().IsMatch(upstream.Groups["body"].Value))
        {
            problems.Add($"{DeployFiles.Nginx}: the upstream pins clients to a gateway (ip_hash, hash or sticky); every gateway serves every client");
        }

        var ws = WebSocketLocation().Match(config).Groups["body"].Value;
        foreach (var directive in new[] { "proxy_pass http://" + upstream.Groups["name"].Value, "proxy_http_version 1.1", "proxy_set_header Upgrade $http_upgrade", "proxy_set_header Connection $connection_upgrade" })
        {
            if (!ws.Contains(directive, StringComparison.Ordinal))
            {
                problems.Add($"{DeployFiles.Nginx}: location /ws lacks '{directive}'");
            }
        }

        return problems;
    }

    /// <summary>Every depends_on waits for a healthy service that has a healthcheck: silos on the databases, gateways on the silos, nginx on the gateways.</summary>
    public static IReadOnlyList<string> DependsOnHealthyServices(DeployFiles files)
    {
        var problems = new List<string>();
        var services = files.ComposeServices().ToDictionary(s => s.Key, s => s.Value);
        string Role(string name) => Manifests.ComposeHostOf(services[name]) is { } host ? host.ToString() : services[name].Child("image").Str()?.Split(':')[0] ?? name;
        var expected = new Dictionary<string, string[]>
        {
            ["Silo"] = ["postgres", "clickhouse/clickhouse-server"],
            ["Gateway"] = ["Silo"],
            ["nginx"] = ["Gateway"],
        };
        foreach (var (name, service) in services)
        {
            if (service.Child("healthcheck") is null)
            {
                problems.Add($"{DeployFiles.Compose}: service {name} has no healthcheck");
            }

            var dependencies = service.Child("depends_on").Entries().ToList();
            foreach (var (dependency, settings) in dependencies)
            {
                if (settings.Child("condition").Str() != "service_healthy" || !services.ContainsKey(dependency))
                {
                    problems.Add($"{DeployFiles.Compose}: service {name} depends on {dependency} without condition service_healthy on an existing service");
                }
            }

            if (expected.TryGetValue(Role(name), out var roles))
            {
                var wanted = services.Keys.Where(s => roles.Contains(Role(s))).ToHashSet();
                if (!wanted.SetEquals(dependencies.Where(d => services.ContainsKey(d.Key)).Select(d => d.Key)))
                {
                    problems.Add($"{DeployFiles.Compose}: service {name} depends on [{string.Join(", ", dependencies.Select(d => d.Key))}], expected [{string.Join(", ", wanted)}]");
                }
            }
        }

        return problems;
    }

    /// <summary>Each silo's Netra__Cluster__Host is its own fixed address, distinct, inside its network's subnet.</summary>
    public static IReadOnlyList<string> SilosListenOnTheirOwnAddress(DeployFiles files)
    {
        var problems = new List<string>();
        var document = Yaml.Documents(files.Text(DeployFiles.Compose)).Single();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, service) in files.ComposeServices().Where(s => Manifests.ComposeHostOf(s.Value) == Hosts.Silo))
        {
            var host = Manifests.ComposeEnvironment(service).GetValueOrDefault("Netra__Cluster__Host");
            var network = service.Child("networks").Entries().FirstOrDefault(n => n.Value.Child("ipv4_address") is not null);
            var address = network.Value.Child("ipv4_address").Str();
            var subnet = document.At("networks", network.Key ?? "", "ipam", "config").Items().Select(c => c.Child("subnet").Str()).FirstOrDefault();
            if (host is null || host != address || !seen.Add(host))
            {
                problems.Add($"{DeployFiles.Compose}: silo {name} has Netra__Cluster__Host={host ?? "(unset)"} but its own address is {address ?? "(none)"} (each must be its own and distinct)");
            }
            else if (subnet is null || !IPNetwork.Parse(subnet).Contains(IPAddress.Parse(address!)))
            {
                problems.Add($"{DeployFiles.Compose}: silo {name}'s address {address} is outside network {network.Key}'s subnet {subnet ?? "(none)"}");
            }
        }

        return problems;
    }

    /// <summary>Every ${VARIABLE} of the compose file is in .env.example, and .env.example has no variable the compose file ignores.</summary>
    public static IReadOnlyList<string> VariablesAreInTheEnvExample(DeployFiles files)
    {
        var used = Interpolation().Matches(files.Text(DeployFiles.Compose)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var defined = files.Text(DeployFiles.EnvExample).Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=')).Select(l => l[..l.IndexOf('=')]).ToHashSet(StringComparer.Ordinal);
        return used.Except(defined).Select(v => $"{DeployFiles.Compose} uses ${{{v}}}, which {DeployFiles.EnvExample} does not define")
            .Concat(defined.Except(used).Select(v => $"{DeployFiles.EnvExample} defines {v}, which {DeployFiles.Compose} never uses"))
            .ToList();
    }

    private static void Count(List<string> problems, string what, int actual, int expected)
    {
        if (actual != expected)
        {
            problems.Add($"{DeployFiles.Compose} has {actual} {what}, expected {expected}");
        }
    }

    [GeneratedRegex(@"upstream\s+(?<name>\w+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex Upstream();

    [GeneratedRegex(@"^\s*server\s+([^\s;]+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"^\s*(ip_hash|hash|sticky)\b", RegexOptions.Multiline)]
    private static partial Regex Sticky();

    [GeneratedRegex(@"location\s+/ws\s*\{(?<body>[^}]*)\}")]
    private static partial Regex WebSocketLocation();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Interpolation();
}
