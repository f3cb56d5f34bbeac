using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>Turns a grain class declaration into a <see cref="GrainClassResult"/>.</summary>
internal static class GrainClassExtractor
{
    public static GrainClassResult? Extract(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.TypeKind != TypeKind.Class
            || symbol.IsAbstract
            || !NetraSymbols.DerivesFromGrain(symbol)
            || !NetraSymbols.IsPrimaryDeclaration(symbol, context.Node)
            || !NetraSymbols.IsAccessibleToGeneratedCode(symbol))
        {
            return null;
        }

        var location = LocationInfo.From(symbol);
        if (NetraSymbols.IsGenericOrInGeneric(symbol))
        {
            return Failed(DiagnosticInfo.Create(GrainDiagnostics.GenericGrain, location, "class", CodeNames.FullName(symbol)));
        }

        var constructor = symbol.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null)
        {
            return Failed(DiagnosticInfo.Create(GrainDiagnostics.NoPublicConstructor, location, symbol.Name));
        }

        var diagnostics = new List<DiagnosticInfo>();
        var arguments = new List<string>();
        foreach (var parameter in constructor.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ConstructorArguments.For(parameter, symbol, diagnostics) is { } argument)
            {
                arguments.Add(argument);
            }
        }

        if (diagnostics.Count > 0)
        {
            return new GrainClassResult(null, diagnostics.ToEquatableArray());
        }

        var interfaces = symbol.AllInterfaces
            .Where(NetraSymbols.IsGrainInterface)
            .Select(CodeNames.TypeName)
            .ToEquatableArray();
        var model = new GrainClassModel(
            CodeNames.TypeName(symbol),
            GrainTypeName(symbol),
            interfaces,
            arguments.ToEquatableArray(),
            NetraSymbols.FindAttribute(symbol, "ReentrantAttribute") is not null,
            NetraSymbols.FindAttribute(symbol, "StatelessWorkerAttribute") is { } worker ? IntArgument(worker) : null,
            NetraSymbols.FindAttribute(symbol, "CollectionAgeLimitAttribute") is { } age ? DoubleArgument(age) : null);
        return new GrainClassResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>[GrainType("name")], else the class's own name without a trailing "Grain", in lower case.</summary>
    private static string GrainTypeName(INamedTypeSymbol symbol)
    {
        if (NetraSymbols.FindAttribute(symbol, "GrainTypeAttribute") is { ConstructorArguments.Length: 1 } grainType
            && grainType.ConstructorArguments[0].Value is string name)
        {
            return name;
        }

        var className = symbol.Name;
        if (className.EndsWith("Grain", System.StringComparison.Ordinal) && className.Length > "Grain".Length)
        {
            className = className.Substring(0, className.Length - "Grain".Length);
        }

        return className.ToLowerInvariant();
    }

    private static int IntArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value ? value : 0;

    private static double? DoubleArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is double value ? value : null;

    private static GrainClassResult Failed(DiagnosticInfo diagnostic) =>
        new(null, new[] { diagnostic }.ToEquatableArray());
}
