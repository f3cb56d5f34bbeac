namespace Netra.Gateway.Tests.Llm;

/// <summary>Prompts and completions reach the logs only when <c>Netra:Llm:LogContent</c> opts in.</summary>
public sealed class LlmContentLoggingTests
{
    private const string Question = "What does our most secret-sounding feature cost per day?";
    private const string Answer = "It costs the answer-marker 42 dollars.";

    [Fact]
    public async Task Prompts_and_completions_stay_out_of_the_logs_by_default_even_at_trace_level()
    {
        var lines = await LogsOfOneCallAsync();

        Assert.Contains(lines, l => l.Contains("[9503]", StringComparison.Ordinal)); // the call itself is logged
        Assert.DoesNotContain(lines, l => l.Contains(Question, StringComparison.Ordinal) || l.Contains(Answer, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opting_in_logs_the_prompt_and_the_completion_at_debug()
    {
        var lines = await LogsOfOneCallAsync(("LogContent", "true"));

        Assert.Contains(lines, l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("[9511]", StringComparison.Ordinal) && l.Contains(Question, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("[9512]", StringComparison.Ordinal) && l.Contains(Answer, StringComparison.Ordinal));
    }

    [Fact]
    public void A_log_content_setting_that_is_not_a_boolean_is_refused_with_its_name()
    {
        var error = Assert.ThrowsAny<Exception>(() => LlmHarness.Create(("LogContent", "maybe")).Client);

        Assert.Contains("Netra:Llm:LogContent", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> LogsOfOneCallAsync(params (string Key, string? Value)[] settings)
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        await using var llm = LlmHarness.ForModel(server, [("CacheSize", "0"), .. settings]);
        server.Enqueue(FakeReplies.Text(Answer));

        await llm.Client.CompleteAsync(LlmHarness.Ask(Question), null, CancellationToken.None);
        return [.. llm.Logs.Lines];
    }
}
