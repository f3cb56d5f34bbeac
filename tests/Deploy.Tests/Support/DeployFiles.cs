namespace Netra.Deploy.Tests.Support;

/// <summary>
/// The deployment files as text, read from the repository once. <see cref="WithReplaced"/> makes a copy with one
/// file changed, so a test can show that a check fails when the thing it guards breaks.
/// </summary>
public sealed class DeployFiles
{
    public const string SiloDockerfile = "deploy/docker/silo.Dockerfile";
    public const string GatewayDockerfile = "deploy/docker/gateway.Dockerfile";
    public const string Compose = "deploy/compose/docker-compose.yml";
    public const string Nginx = "deploy/compose/nginx.conf";
    public const string EnvExample = "deploy/compose/.env.example";
    public const string Readme = "deploy/README.md";
    public const string LocalCluster = "deploy/local/cluster";
    public const string K8sDirectory = "deploy/k8s";
    public const string MigrationsDirectory = "src/Runtime/Persistence/Postgres/Migrations";

    private static readonly Lazy<DeployFiles> s_current = new(Load);
    private readonly IReadOnlyDictionary<string, string> _texts;

    private DeployFiles(IReadOnlyDictionary<string, string> texts) => _texts = texts;

    /// <summary>The files as they are in the repository.</summary>
    public static DeployFiles Current => s_current.Value;

    /// <summary>The repository-relative paths of the Kubernetes manifests.</summary>
    public IEnumerable<string> K8sFiles => _texts.Keys.Where(p => p.StartsWith(K8sDirectory + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>The text of a file, by repository-relative path.</summary>
    public string Text(string path) => _texts.TryGetValue(path, out var text) ? text : throw new FileNotFoundException($"{path} is not one of the deploy files", path);

    /// <summary>A copy with <paramref name="oldText"/> in <paramref name="path"/> replaced; the text must be there.</summary>
    public DeployFiles WithReplaced(string path, string oldText, string newText)
    {
        var text = Text(path);
        Assert.True(text.Contains(oldText, StringComparison.Ordinal), $"'{oldText}' is not in {path}: the mutation would test nothing");
        var copy = new Dictionary<string, string>(_texts, StringComparer.Ordinal) { [path] = text.Replace(oldText, newText, StringComparison.Ordinal) };
        return new DeployFiles(copy);
    }

    private static DeployFiles Load()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[] { SiloDockerfile, GatewayDockerfile, Compose, Nginx, EnvExample, Readme, LocalCluster })
        {
            texts[path] = File.ReadAllText(Repo.PathOf(path));
        }

        foreach (var file in Directory.EnumerateFiles(Repo.PathOf(K8sDirectory), "*.yaml"))
        {
            texts[$"{K8sDirectory}/{Path.GetFileName(file)}"] = File.ReadAllText(file);
        }

        return new DeployFiles(texts);
    }
}
