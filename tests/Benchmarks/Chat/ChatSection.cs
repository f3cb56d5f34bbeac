namespace Netra.Benchmarks.Chat;

/// <summary>The chat case's section of docs/benchmarks.md.</summary>
public static partial class ChatBenchmark
{
    /// <summary>The section's text: what ran, how, and the table.</summary>
    public static string Section(string run, string table, ChatPlan plan) => $"""
        ## End-to-end chat: message to `agent_completed`

        Command: `dotnet run -c Release --project tests/Benchmarks -- chat`
        Run: {run}

        {table}
        """;
}
