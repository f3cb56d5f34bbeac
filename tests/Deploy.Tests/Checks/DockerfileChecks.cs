using Netra.Deploy.Tests.Support;

namespace Netra.Deploy.Tests.Checks;

/// <summary>The Dockerfiles build the right project, restore from its project files, and run its assembly as a non-root user.</summary>
public static class DockerfileChecks
{
    /// <summary>The images a Dockerfile must build from and run on.</summary>
    public static readonly IReadOnlyList<string> Images = ["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0"];

    /// <summary>Multi-stage SDK to ASP.NET images; the project's whole reference closure and the central package versions copied before restore; publish of that project; its assembly as entrypoint; a non-root user.</summary>
    public static IReadOnlyList<string> BuildAndRunTheirProjects(DeployFiles files)
    {
        var problems = new List<string>();
        foreach (var (path, project, dll) in new[] { (DeployFiles.SiloDockerfile, Code.SiloProject, Code.SiloDll), (DeployFiles.GatewayDockerfile, Code.GatewayProject, Code.GatewayDll) })
        {
            var file = Dockerfile.Parse(files.Text(path));
            if (!file.StageImages.SequenceEqual(Images))
            {
                problems.Add($"{path} builds on [{string.Join(", ", file.StageImages)}], expected [{string.Join(", ", Images)}]");
            }

            var restore = file.IndexOf("RUN", $"dotnet restore {project}");
            if (restore < 0)
            {
                problems.Add($"{path} does not run 'dotnet restore {project}'");
            }

            foreach (var needed in Code.ProjectClosure(project).Append("Directory.Packages.props").Append("Directory.Build.props").Append("global.json"))
            {
                var copy = file.Instructions.Select((i, index) => (i, index))
                    .FirstOrDefault(x => x.i.Instruction == "COPY" && CopiesFile(x.i.Arguments, needed));
                if (copy.i.Instruction is null || copy.index > restore)
                {
                    problems.Add($"{path} does not copy {needed} before its restore");
                }
            }

            if (file.IndexOf("RUN", $"dotnet publish {project}") < 0)
            {
                problems.Add($"{path} does not publish {project}");
            }

            var entrypoint = file.All("ENTRYPOINT").LastOrDefault();
            if (entrypoint is null || !entrypoint.Contains($"\"{dll}\"", StringComparison.Ordinal))
            {
                problems.Add($"{path}: ENTRYPOINT {entrypoint ?? "(none)"} does not run {dll}, the assembly of {project}");
            }

            var user = file.All("USER").LastOrDefault();
            if (user is null or "root" or "0" || file.IndexOf("USER", user) < file.IndexOf("FROM", Images[1]))
            {
                problems.Add($"{path}: the runtime stage runs as {user ?? "root"}; it must switch to a non-root user");
            }
        }

        return problems;
    }

    // "COPY a b c dest/": the sources are every word but the last; a directory source covers the files under it.
    private static bool CopiesFile(string arguments, string file)
    {
        var words = arguments.Split(' ').Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        return words.Count > 1 && words[..^1].Any(source => source == file || (source.EndsWith('/') && file.StartsWith(source, StringComparison.Ordinal)));
    }
}
