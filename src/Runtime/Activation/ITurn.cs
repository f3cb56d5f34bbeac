namespace Netra.Runtime.Activation;

/// <summary>Work that runs as a turn of an activation: a request message or a timer tick.</summary>
internal interface ITurn
{
    /// <summary>Whether the turn may run while another non-interleaving turn is in progress.</summary>
    bool Interleaves(bool grainIsReentrant);
}
