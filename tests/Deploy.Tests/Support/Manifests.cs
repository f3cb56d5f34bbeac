using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Netra.Deploy.Tests.Support;

/// <summary>A Kubernetes object of one of the manifests.</summary>
public sealed record K8sObject(string File, string Kind, string Name, string? Namespace, YamlNode Node);

/// <summary>An environment variable given to a silo or a gateway by a deployment file.</summary>
public sealed record EnvironmentUse(string File, string Where, Hosts Host, string Name, string? Value);

/// <summary>The parsed deployment files.</summary>
public static partial class Manifests
{
    /// <summary>Every object in the Kubernetes manifests (kustomization.yaml aside).</summary>
    public static IReadOnlyList<K8sObject> Kubernetes(this DeployFiles files) => files.K8sFiles
        .Where(f => !f.EndsWith("/kustomization.yaml", StringComparison.Ordinal))
        .SelectMany(f => Yaml.Documents(files.Text(f)).Select(d => new K8sObject(
            f, d.Child("kind").Str() ?? "", d.At("metadata", "name").Str() ?? "", d.At("metadata", "namespace").Str(), d)))
        .ToList();

    /// <summary>The Deployments of the manifests.</summary>
    public static IEnumerable<K8sObject> Deployments(this DeployFiles files) => files.Kubernetes().Where(o => o.Kind == "Deployment");

    /// <summary>The containers of a Deployment's pod template.</summary>
    public static IEnumerable<YamlNode> Containers(this K8sObject deployment) => deployment.Node.At("spec", "template", "spec", "containers").Items();

    /// <summary>Which host a Deployment runs, by its containers' image; null for neither.</summary>
    public static Hosts? HostOf(this K8sObject deployment) => HostOfImage(string.Join(' ', deployment.Containers().Select(c => c.Child("image").Str())));

    /// <summary>The services of the compose file.</summary>
    public static IEnumerable<KeyValuePair<string, YamlNode>> ComposeServices(this DeployFiles files) =>
        Yaml.Documents(files.Text(DeployFiles.Compose)).Single().Child("services").Entries();

    /// <summary>Which host a compose service runs, by the Dockerfile it builds or its image; null for neither.</summary>
    public static Hosts? ComposeHostOf(YamlNode service) => HostOfImage($"{service.At("build", "dockerfile").Str()} {service.Child("image").Str()}");

    /// <summary>A compose service's environment, in mapping or <c>NAME=value</c> list form.</summary>
    public static IReadOnlyDictionary<string, string?> ComposeEnvironment(YamlNode service)
    {
        var environment = service.Child("environment");
        return environment is YamlSequenceNode
            ? environment.Items().Select(i => i.Str() ?? "").ToDictionary(s => s.Split('=')[0], s => s.Contains('=') ? s[(s.IndexOf('=') + 1)..] : null)
            : environment.Entries().ToDictionary(e => e.Key, e => e.Value.Str());
    }

    /// <summary>Every environment variable that a Dockerfile, the compose file, a Deployment or the local cluster script gives a host.</summary>
    public static IReadOnlyList<EnvironmentUse> EnvironmentUses(this DeployFiles files)
    {
        var uses = new List<EnvironmentUse>();
        foreach (var (path, host) in new[] { (DeployFiles.SiloDockerfile, Hosts.Silo), (DeployFiles.GatewayDockerfile, Hosts.Gateway) })
        {
            uses.AddRange(Dockerfile.Parse(files.Text(path)).RuntimeEnvironment.Select(e => new EnvironmentUse(path, "ENV", host, e.Key, e.Value)));
        }

        foreach (var (name, service) in files.ComposeServices())
        {
            if (ComposeHostOf(service) is { } host)
            {
                uses.AddRange(ComposeEnvironment(service).Select(e => new EnvironmentUse(DeployFiles.Compose, $"service {name}", host, e.Key, e.Value)));
            }
        }

        var objects = files.Kubernetes();
        foreach (var deployment in objects.Where(o => o.Kind == "Deployment"))
        {
            var host = deployment.HostOf() ?? Hosts.Both;
            foreach (var container in deployment.Containers())
            {
                var where = $"Deployment {deployment.Name}";
                uses.AddRange(container.Child("env").Items().Select(e => new EnvironmentUse(deployment.File, where, host, e.Child("name").Str() ?? "", e.Child("value").Str())));
                foreach (var configMap in container.Child("envFrom").Items().Select(e => e.At("configMapRef", "name").Str()).OfType<string>())
                {
                    var data = objects.FirstOrDefault(o => o.Kind == "ConfigMap" && o.Name == configMap)?.Node.Child("data");
                    uses.AddRange(data.Entries().Select(e => new EnvironmentUse(deployment.File, $"{where} via ConfigMap {configMap}", host, e.Key, e.Value.Str())));
                }
            }
        }

        var script = files.Text(DeployFiles.LocalCluster);
        foreach (var (function, host) in new[] { ("start_silos", Hosts.Silo), ("start_gateways", Hosts.Gateway) })
        {
            var start = script.IndexOf($"\n{function}() {{", StringComparison.Ordinal);
            Assert.True(start >= 0, $"{DeployFiles.LocalCluster} has no function {function}");
            var body = script[start..script.IndexOf("\n}\n", start, StringComparison.Ordinal)];
            uses.AddRange(ScriptAssignment().Matches(body).Select(m => new EnvironmentUse(DeployFiles.LocalCluster, function, host, m.Groups[1].Value, m.Groups[2].Value)));
        }

        return uses;
    }

    private static Hosts? HostOfImage(string text) =>
        text.Contains("silo", StringComparison.OrdinalIgnoreCase) ? Hosts.Silo
        : text.Contains("gateway", StringComparison.OrdinalIgnoreCase) ? Hosts.Gateway
        : null;

    [GeneratedRegex(@"\b((?:Netra|ASPNETCORE|OTEL)_\w+)=([^""\s]*)")]
    private static partial Regex ScriptAssignment();
}
