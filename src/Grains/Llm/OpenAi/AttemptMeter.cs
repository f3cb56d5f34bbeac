namespace Netra.Grains.Llm.OpenAi;

/// <summary>What one attempt has seen so far; filled in as the response arrives, so a failed attempt is recorded with what it got.</summary>
internal sealed class AttemptMeter
{
    /// <summary>The completion id the provider gave.</summary>
    public string? RequestId { get; set; }

    /// <summary>The model that answered.</summary>
    public string? Model { get; set; }

    /// <summary>Milliseconds from the start to the first streamed text or tool call.</summary>
    public double? TtftMs { get; set; }

    /// <summary>Prompt tokens.</summary>
    public long InputTokens { get; set; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Prompt tokens the provider served from its cache.</summary>
    public long CachedInputTokens { get; set; }

    /// <summary>Why generation stopped.</summary>
    public string? FinishReason { get; set; }

    /// <summary>True once text reached <c>onDelta</c>: a retry would repeat it, so a failure after that is final.</summary>
    public bool DeltasSent { get; set; }
}
