using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>Environment variable names against the configuration keys the code reads.</summary>
public static class EnvironmentChecks
{
    /// <summary>Every variable a deployment file gives a silo or a gateway sets a key that host reads.</summary>
    public static IReadOnlyList<string> NamesAreKeysTheHostReads(DeployFiles files) => files.EnvironmentUses()
        .Where(u => !ConfigurationKeys.IsReadBy(u.Name, u.Host))
        .Select(u => $"{u.File} ({u.Where}): {u.Name} sets '{ConfigurationKeys.ToKey(u.Name)}', which the {u.Host.ToString().ToLowerInvariant()} does not read")
        .Distinct()
        .ToList();

    /// <summary>Compose and Kubernetes give every host JSON logs, and cluster mode with a PostgreSQL connection string.</summary>
    public static IReadOnlyList<string> EveryHostGetsTheEssentials(DeployFiles files)
    {
        var problems = new List<string>();
        var uses = files.EnvironmentUses().Where(u => u.File != DeployFiles.LocalCluster && !u.File.EndsWith("Dockerfile", StringComparison.Ordinal));
        foreach (var group in uses.GroupBy(u => (u.File, Where: u.Where.Split(" via ")[0])))
        {
            var names = group.ToDictionary(u => u.Name, u => u.Value, StringComparer.Ordinal);
            foreach (var required in new[] { "Netra__Postgres__ConnectionString", "Netra__Cluster__Enabled", "Netra__Logging__Format", "Netra__Workloads__Store" })
            {
                if (!names.ContainsKey(required))
                {
                    problems.Add($"{group.Key.File} ({group.Key.Where}) does not set {required}");
                }
            }

            if (names.TryGetValue("Netra__Logging__Format", out var format) && format != "json")
            {
                problems.Add($"{group.Key.File} ({group.Key.Where}) sets Netra__Logging__Format to '{format}', not json");
            }
        }

        return problems;
    }

    /// <summary>The keys the code spells only as literals are still in <c>src/</c>, so the key list cannot drift from it.</summary>
    public static IReadOnlyList<string> SourceLiteralsAreInTheSource(IReadOnlyList<string> literals) => literals
        .Where(l => !Repo.SourceTexts().Any(s => s.Contains($"\"{l}\"", StringComparison.Ordinal)))
        .Select(l => $"\"{l}\" appears in no src/**/*.cs file")
        .ToList();
}
