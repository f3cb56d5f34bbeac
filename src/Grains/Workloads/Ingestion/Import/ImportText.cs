namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>The event schema's rule for text fields, shared by the trace parsers.</summary>
internal static class ImportText
{
    /// <summary>1 to <see cref="WorkloadEventParser.MaxTextLength"/> characters, none of them control characters.</summary>
    public static bool IsValid(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= WorkloadEventParser.MaxTextLength && !text.Any(char.IsControl);
}
