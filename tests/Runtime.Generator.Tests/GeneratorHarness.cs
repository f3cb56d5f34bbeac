using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Netra.Runtime.Generator.Tests;

/// <summary>Runs the grain generator over source text and compiles the result against the real Netra.Runtime.</summary>
internal static class GeneratorHarness
{
    public const string AssemblyName = "Netra.Generator.Samples";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new GrainGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(output, generatorDiagnostics, driver.GetRunResult());
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            AssemblyName,
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // As in Directory.Build.props: public members need no XML docs.
                specificDiagnosticOptions: [new("CS1591", ReportDiagnostic.Suppress)]));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Append(typeof(Grain).Assembly.Location)
            .Where(path => path.Length > 0)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result)
{
    /// <summary>Warnings and errors of the compilation that includes the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    public IReadOnlyList<string> HintNames => [.. Result.Results.Single().GeneratedSources.Select(s => s.HintName)];

    public string Source(string hintName) =>
        Result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Fails with every problem listed, when there is one.</summary>
    public void AssertCleanCompilation()
    {
        var problems = GeneratorDiagnostics.Concat(CompilationProblems).ToList();
        Assert.True(problems.Count == 0, "Expected no diagnostics, got:\n" + string.Join("\n", problems));
    }
}

/// <summary>Test source in which [| and |] mark the span a diagnostic is expected at.</summary>
internal sealed record MarkedSource(string Code, TextSpan Span)
{
    public static MarkedSource Parse(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The source must mark the expected span with [| and |].");
        var code = markup.Remove(end, 2).Remove(start, 2);
        return new MarkedSource(code, TextSpan.FromBounds(start, end - 2));
    }
}
