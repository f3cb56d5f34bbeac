using System.Text.RegularExpressions;
using Netra.Gateway;
using Netra.Runtime.Cluster;
using Netra.Silo.Health;

namespace Netra.Deploy.Tests.Support;

/// <summary>What the deployment files must agree with, read from the code: its types, constants and source.</summary>
public static partial class Code
{
    /// <summary>The silo's project file, repository-relative.</summary>
    public const string SiloProject = "src/Silo/Netra.Silo.csproj";

    /// <summary>The gateway's project file, repository-relative.</summary>
    public const string GatewayProject = "src/Gateway/Netra.Gateway.csproj";

    private static readonly Lazy<(string Liveness, string Readiness)> s_health = new(ReadHealthPaths);

    /// <summary>The default cluster port of a silo (<see cref="ClusterOptions.Port"/>).</summary>
    public static int ClusterPort => new ClusterOptions().Port;

    /// <summary>The entry assembly file of the silo.</summary>
    public static string SiloDll => typeof(SiloHttp).Assembly.GetName().Name + ".dll";

    /// <summary>The entry assembly file of the gateway.</summary>
    public static string GatewayDll => typeof(GatewayExtensions).Assembly.GetName().Name + ".dll";

    /// <summary>The liveness path: the health endpoint that runs no check.</summary>
    public static string LivenessPath => s_health.Value.Liveness;

    /// <summary>The readiness path: the health endpoint that runs the checks tagged ready.</summary>
    public static string ReadinessPath => s_health.Value.Readiness;

    /// <summary>The port of a URL such as <c>http://+:8081</c>; null when it names none.</summary>
    public static int? PortOf(string? url) =>
        url is not null && UrlPort().Match(url) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The path of a URL such as <c>http://127.0.0.1:8081/health</c>.</summary>
    public static string? PathOf(string url) => Uri.TryCreate(url.Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.AbsolutePath : null;

    /// <summary>The repository-relative project files <paramref name="project"/> references, itself included, transitively.</summary>
    public static IReadOnlySet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!closure.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            foreach (Match match in ProjectReference().Matches(File.ReadAllText(Repo.PathOf(current))))
            {
                var full = Path.GetFullPath(Path.Combine(Repo.PathOf(directory), match.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)));
                pending.Push(Path.GetRelativePath(Repo.Root, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return closure;
    }

    // HealthEndpoints maps both with MapHealthChecks("path", options); the readiness one selects the ReadyTag checks.
    private static (string, string) ReadHealthPaths()
    {
        var source = File.ReadAllText(Repo.PathOf("src/Observability/HealthEndpoints.cs"));
        var calls = HealthMapping().Matches(source).Select(m => (Path: m.Groups["path"].Value, Options: m.Groups["options"].Value)).ToList();
        Assert.Equal(2, calls.Count);
        return (calls.Single(c => !c.Options.Contains("ReadyTag", StringComparison.Ordinal)).Path,
            calls.Single(c => c.Options.Contains("ReadyTag", StringComparison.Ordinal)).Path);
    }

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>[^""]+)""(?<options>.*?)\.AllowAnonymous\(\)", RegexOptions.Singleline)]
    private static partial Regex HealthMapping();

    [GeneratedRegex(@"://[^/:]*:(\d+)")]
    private static partial Regex UrlPort();

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();
}
