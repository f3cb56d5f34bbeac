using System.Reflection;
using System.Text.RegularExpressions;
using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>The deployment files carry placeholders, never secrets.</summary>
public static partial class SecretChecks
{
    /// <summary>The placeholder every secret value holds.</summary>
    public const string Placeholder = "CHANGE_ME";

    /// <summary>
    /// Every value of the example Secret and every secret variable of .env.example holds the placeholder (optional ones may
    /// be empty); the compose file takes secrets from variables; nothing in deploy/ looks like a real key; and the
    /// signing key placeholder is too short for the gateway to accept, so a forgotten one stops the start.
    /// </summary>
    public static IReadOnlyList<string> SecretsArePlaceholders(DeployFiles files)
    {
        var problems = new List<string>();
        foreach (var secret in files.Kubernetes().Where(o => o.Kind == "Secret"))
        {
            problems.AddRange(secret.Node.Child("stringData").Entries().Concat(secret.Node.Child("data").Entries())
                .Where(e => e.Value.Str()?.Contains(Placeholder, StringComparison.Ordinal) != true)
                .Select(e => $"{secret.File}: Secret {secret.Name} key {e.Key} is not a {Placeholder} placeholder"));
        }

        foreach (var line in files.Text(DeployFiles.EnvExample).Split('\n').Where(l => SecretName().IsMatch(l.Split('=')[0]) && !l.StartsWith('#')))
        {
            var value = line[(line.IndexOf('=') + 1)..].Trim();
            if (value.Length > 0 && value != Placeholder)
            {
                problems.Add($"{DeployFiles.EnvExample}: {line.Split('=')[0]} is '{value}', not {Placeholder} or empty");
            }
        }

        foreach (var (name, service) in files.ComposeServices())
        {
            problems.AddRange(Manifests.ComposeEnvironment(service)
                .Where(e => SecretName().IsMatch(e.Key) && e.Value is { Length: > 0 } value && !value.Contains("${", StringComparison.Ordinal))
                .Select(e => $"{DeployFiles.Compose}: service {name} sets {e.Key} inline; take it from a variable of .env"));
        }

        foreach (var path in files.K8sFiles.Concat([DeployFiles.Compose, DeployFiles.EnvExample, DeployFiles.SiloDockerfile, DeployFiles.GatewayDockerfile, DeployFiles.Nginx]))
        {
            problems.AddRange(RealLookingKey().Matches(files.Text(path)).Select(m => $"{path} holds what looks like a real key: {m.Value[..Math.Min(8, m.Value.Length)]}…"));
        }

        var minBytes = (int)typeof(Netra.Gateway.Auth.NetraAuthOptions).Assembly.GetType("Netra.Gateway.Auth.AuthSettings")!
            .GetField("MinKeyBytes", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
        if (System.Text.Encoding.UTF8.GetByteCount(Placeholder) >= minBytes)
        {
            problems.Add($"the placeholder {Placeholder} is long enough ({minBytes} bytes) for the gateway to accept as a signing key");
        }

        return problems;
    }

    [GeneratedRegex(@"(PASSWORD|Password|KEY|Key|SECRET|Secret|TOKEN|ConnectionString)(\b|_|$)")]
    private static partial Regex SecretName();

    // OpenAI-style keys, PEM blocks, JWTs, and long base64 runs that mix cases and digits.
    [GeneratedRegex(@"sk-[A-Za-z0-9_-]{16,}|-----BEGIN [A-Z ]+-----|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])\b[A-Za-z0-9+/]{32,}={0,2}")]
    private static partial Regex RealLookingKey();
}
