using System.Text.RegularExpressions;
using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>The PostgreSQL migrations deploy/README.md names, against the files and the runtime's embedded resources.</summary>
public static partial class MigrationChecks
{
    /// <summary>The migration files, numbered 0001 on without gaps, each named in the README and embedded in the runtime; every one the README names exists.</summary>
    public static IReadOnlyList<string> ReadmeNamesTheMigrations(DeployFiles files)
    {
        var problems = new List<string>();
        var onDisk = Directory.EnumerateFiles(Repo.PathOf(DeployFiles.MigrationsDirectory), "*.sql").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < onDisk.Count; i++)
        {
            if (!onDisk[i].StartsWith($"{i + 1:D4}_", StringComparison.Ordinal))
            {
                problems.Add($"{DeployFiles.MigrationsDirectory}: migration {i + 1} should be {i + 1:D4}_*.sql, found {onDisk[i]}");
            }
        }

        var named = MigrationName().Matches(files.Text(DeployFiles.Readme)).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(named.Except(onDisk).Select(n => $"{DeployFiles.Readme} names {n}, which is not in {DeployFiles.MigrationsDirectory}"));
        problems.AddRange(onDisk.Except(named).Select(n => $"{DeployFiles.Readme} does not name migration {n}"));
        var embedded = typeof(Netra.Runtime.Cluster.ClusterOptions).Assembly.GetManifestResourceNames();
        problems.AddRange(onDisk.Where(n => !embedded.Contains($"Netra.Runtime.Migrations.{n}")).Select(n => $"{n} is not embedded in Netra.Runtime, so no silo applies it"));
        return problems;
    }

    [GeneratedRegex(@"\b\d{4}_[a-z0-9_]+\.sql\b")]
    private static partial Regex MigrationName();
}
