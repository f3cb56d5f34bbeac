using Netra.Runtime.Invocation;

namespace Netra.Runtime;

/// <summary>Helpers for grain code.</summary>
public static class GrainExtensions
{
    /// <summary>A reference to this grain through <typeparamref name="TGrainInterface"/>, to hand to other grains.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this Grain grain) where TGrainInterface : IGrain
    {
        ArgumentNullException.ThrowIfNull(grain);
        return GrainFactory.CreateReference<TGrainInterface>(grain.Invoker, grain.GrainId);
    }
}
