using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Netra.Runtime.Generator;

/// <summary>
/// Generates, for each grain interface, a proxy and one request class per method; for each grain class, its
/// registration; and one module initializer per assembly that registers them all. Reports NETRA001–NETRA011.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's steps, for tests of incremental caching.</summary>
    public const string InterfacesStep = "GrainInterfaces";

    /// <inheritdoc cref="InterfacesStep"/>
    public const string ClassesStep = "GrainClasses";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // A grain interface or grain class always has a base list, on at least one of its declarations.
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (syntax, cancellationToken) => InterfaceExtractor.Extract(syntax, cancellationToken))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(InterfacesStep);

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (syntax, cancellationToken) => GrainClassExtractor.Extract(syntax, cancellationToken))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(ClassesStep);

        context.RegisterSourceOutput(interfaces, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Model is { } model)
            {
                output.AddSource(ProxyEmitter.HintName(model), ProxyEmitter.Emit(model));
            }
        });

        context.RegisterSourceOutput(classes, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // The registration file depends only on names, so editing a method body or signature of one grain does not
        // rewrite it unless the set of proxies and classes changes.
        var interfaceRegistrations = interfaces
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => new InterfaceRegistration(result.Model!.FullName, result.Model.TypeName, result.Model.ProxyName))
            .Collect();
        var classRegistrations = classes
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .Collect();
        var assemblyName = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName);

        // Codecs of the types the interfaces send, once per type however many interfaces use it.
        var codecs = interfaces.SelectMany(static (result, _) => result.Codecs).Collect();
        context.RegisterSourceOutput(codecs.Combine(assemblyName), static (output, input) =>
        {
            var (all, name) = input;
            var distinct = all.GroupBy(c => c.Key).Select(g => g.First()).ToList();
            if (CodecEmitter.Emit(name, distinct) is { } text)
            {
                output.AddSource(CodecEmitter.HintName, text);
            }
        });

        context.RegisterSourceOutput(
            interfaceRegistrations.Combine(classRegistrations).Combine(assemblyName),
            static (output, input) =>
            {
                var ((registeredInterfaces, registeredClasses), name) = input;
                var distinctInterfaces = registeredInterfaces.GroupBy(i => i.FullName).Select(g => g.First()).ToList();
                if (RegistrationEmitter.Emit(name, distinctInterfaces, registeredClasses) is { } text)
                {
                    output.AddSource("GrainRegistration.g.cs", text);
                }
            });
    }
}
