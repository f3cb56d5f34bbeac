using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>Turns a grain interface declaration into an <see cref="InterfaceResult"/>: a model, or the reasons it has none.</summary>
internal static class InterfaceExtractor
{
    public static InterfaceResult? Extract(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !NetraSymbols.IsGrainInterface(symbol)
            || !NetraSymbols.IsPrimaryDeclaration(symbol, context.Node)
            || !NetraSymbols.IsAccessibleToGeneratedCode(symbol))
        {
            return null;
        }

        var location = LocationInfo.From(symbol);
        var fullName = CodeNames.FullName(symbol);
        if (NetraSymbols.IsGenericOrInGeneric(symbol))
        {
            var generic = DiagnosticInfo.Create(GrainDiagnostics.GenericGrain, location, "interface", fullName);
            return new InterfaceResult(null, new[] { generic }.ToEquatableArray(), EquatableArray<CodecModel>.Empty);
        }

        var diagnostics = new List<DiagnosticInfo>();
        var keyKinds = NetraSymbols.KeyMarkers
            .Where(marker => symbol.AllInterfaces.Any(i => NetraSymbols.IsNetraType(i, marker)))
            .ToArray();
        if (keyKinds.Length > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.SeveralKeyKinds, location, symbol.Name, string.Join(" and ", keyKinds)));
        }

        var sanitizedName = CodeNames.Sanitize(fullName);
        var methods = new List<MethodModel>();
        var isValid = diagnostics.Count == 0;
        var walker = new TypeWalker(symbol.ContainingAssembly);
        foreach (var declaring in new[] { symbol }.Concat(symbol.AllInterfaces.Where(i => !NetraSymbols.IsMarkerInterface(i))))
        {
            var scan = CreateScan(symbol, declaring, location, diagnostics, walker);
            foreach (var member in declaring.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var requestName = $"Request_{sanitizedName}_{CodeNames.Sanitize(member.Name)}_{methods.Count}";
                if (ReadMember(member, declaring, requestName, scan) is { } method)
                {
                    methods.Add(method);
                }
            }

            isValid &= !scan.HasErrors;
        }

        var model = isValid
            ? new InterfaceModel(fullName, CodeNames.TypeName(symbol), "Proxy_" + sanitizedName, methods.ToEquatableArray())
            : null;
        var codecs = model is null
            ? EquatableArray<CodecModel>.Empty
            : walker.Codecs.OrderBy(c => c.Key, System.StringComparer.Ordinal).ToEquatableArray();
        return new InterfaceResult(model, diagnostics.ToEquatableArray(), codecs);
    }

    /// <summary>
    /// Members are reported where they are declared when that is this interface. A problem in an inherited grain
    /// interface of this compilation is reported there, and here it only keeps the proxy from being written; a problem
    /// in any other inherited interface is reported on this interface's name.
    /// </summary>
    private static MemberScan CreateScan(INamedTypeSymbol symbol, INamedTypeSymbol declaring, LocationInfo? location, List<DiagnosticInfo> diagnostics, TypeWalker walker)
    {
        if (SymbolEqualityComparer.Default.Equals(symbol, declaring))
        {
            return new MemberScan(diagnostics, locationOverride: null, walker);
        }

        var reportedByItself = NetraSymbols.IsGrainInterface(declaring)
            && declaring.Locations.Any(l => l.IsInSource)
            && !NetraSymbols.IsGenericOrInGeneric(declaring.OriginalDefinition)
            && NetraSymbols.IsAccessibleToGeneratedCode(declaring);
        return reportedByItself ? new MemberScan(sink: null, locationOverride: null, walker) : new MemberScan(diagnostics, location, walker);
    }

    /// <summary>The grain method a member is, or null: either it is not a method call (skipped) or it is an error.</summary>
    private static MethodModel? ReadMember(ISymbol member, INamedTypeSymbol declaring, string requestName, MemberScan scan)
    {
        switch (member)
        {
            case INamedTypeSymbol:
            case IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation) }:
            case IMethodSymbol { MethodKind: MethodKind.ExplicitInterfaceImplementation, IsAbstract: true }:
            case { IsStatic: true, IsAbstract: false, IsVirtual: false }:
                // Nested types, accessors (reported with their property or event), constructors, re-abstractions of
                // inherited methods (the inherited method is handled), and static members with bodies (helpers and
                // constants) are not calls to the grain.
                return null;
            case { IsStatic: true }:
                var kind = member.IsAbstract ? "static abstract member" : "static virtual member";
                scan.Report(GrainDiagnostics.UnsupportedMember, member, declaring.Name, kind, member.Name);
                return null;
            case IMethodSymbol { IsAbstract: false }:
                scan.Report(GrainDiagnostics.UnsupportedMember, member, declaring.Name, "default-implemented method", member.Name);
                return null;
            case IMethodSymbol method:
                return MethodReader.Read(method, declaring, requestName, scan);
            case IPropertySymbol property:
                scan.Report(GrainDiagnostics.UnsupportedMember, member, declaring.Name, property.IsIndexer ? "indexer" : "property", member.Name);
                return null;
            case IEventSymbol:
                scan.Report(GrainDiagnostics.UnsupportedMember, member, declaring.Name, "event", member.Name);
                return null;
            default:
                return null;
        }
    }
}

/// <summary>Collects the problems of one interface's members, and whether there were any.</summary>
internal sealed class MemberScan(List<DiagnosticInfo>? sink, LocationInfo? locationOverride, TypeWalker walker)
{
    /// <summary>Finds the codecs of the types the interface's methods send.</summary>
    public TypeWalker Walker { get; } = walker;

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, ISymbol at, params string[] arguments) =>
        Report(descriptor, LocationInfo.From(at), arguments);

    public void Report(DiagnosticDescriptor descriptor, LocationInfo? at, params string[] arguments)
    {
        HasErrors = true;
        sink?.Add(DiagnosticInfo.Create(descriptor, locationOverride ?? at, arguments));
    }
}
