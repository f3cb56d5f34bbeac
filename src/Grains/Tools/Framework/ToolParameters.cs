namespace Netra.Grains.Tools.Framework;

/// <summary>The parameters every workload tool shares, and helpers to declare the others.</summary>
public static class ToolParameters
{
    /// <summary>The dataset filter.</summary>
    public static readonly ToolParameter Dataset = new(
        "dataset", ToolParameterType.String, "The dataset to analyse, such as demo; all the user's datasets when absent.");

    /// <summary>The inclusive start of the time range.</summary>
    public static readonly ToolParameter From = new(
        "from", ToolParameterType.DateTime, "Inclusive start of the time range (ISO 8601); the earliest event when absent.");

    /// <summary>The exclusive end of the time range.</summary>
    public static readonly ToolParameter To = new(
        "to", ToolParameterType.DateTime, "Exclusive end of the time range (ISO 8601); after the latest event when absent.");

    /// <summary>The model filter.</summary>
    public static readonly ToolParameter Model = new("model", ToolParameterType.String, "Only requests to this model.");

    /// <summary>The feature filter.</summary>
    public static readonly ToolParameter Feature = new("feature", ToolParameterType.String, "Only requests of this product feature.");

    /// <summary><see cref="Dataset"/>, <see cref="From"/>, <see cref="To"/>, <see cref="Model"/> and <see cref="Feature"/>, then <paramref name="specific"/>.</summary>
    public static IReadOnlyList<ToolParameter> Workload(params ToolParameter[] specific) => [Dataset, From, To, Model, Feature, .. specific];

    /// <summary>A number parameter with a default and bounds.</summary>
    public static ToolParameter Number(string name, string description, double defaultValue, double minimum, double maximum) =>
        new(name, ToolParameterType.Number, description) { Default = defaultValue, Minimum = minimum, Maximum = maximum };

    /// <summary>A whole-number parameter with a default and bounds.</summary>
    public static ToolParameter Integer(string name, string description, long defaultValue, long minimum, long maximum) =>
        new(name, ToolParameterType.Integer, description) { Default = defaultValue, Minimum = minimum, Maximum = maximum };
}
