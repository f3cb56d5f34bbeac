using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Netra.Runtime.Generator.Tests;

public sealed class IncrementalCachingTests
{
    [Fact]
    public void Unrelated_edit_reuses_every_model_and_output()
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.RichInterface, Samples.CounterGrain);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new GrainGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Netra.Grains; internal static class Unrelated { public static int Answer => 42; }",
            GeneratorHarness.ParseOptions,
            path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { GrainGenerator.InterfacesStep, GrainGenerator.ClassesStep })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} output was {output.Reason}"));
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_a_grain_method_regenerates_its_proxy()
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.CounterGrain);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new GrainGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions);
        driver = driver.RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var changed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            tree.ToString().Replace("Task<int> IncrementAsync(int by);", "Task<long> IncrementAsync(int by);", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, changed)).GetRunResult().Results.Single();

        var proxy = result.GeneratedSources.Single(s => s.HintName == "Proxy_Netra_Grains_ICounterGrain.g.cs").SourceText.ToString();
        Assert.Contains("global::Netra.Runtime.GrainRequest<long>", proxy, StringComparison.Ordinal);
    }
}
