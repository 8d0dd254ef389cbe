namespace CudaImages.BuildEngine;

/// <summary>The parameters every build has; they steer the engine rather than the build.</summary>
static class BuiltInParameters
{
    public static readonly Parameter Help = new("Help", "Show targets and parameters, then exit", typeof(bool), false, null) { Aliases = ["h", "?"] };
    public static readonly Parameter Plan = new("Plan", "Print the execution plan and write .nuke/temp/plan.mmd; run nothing", typeof(bool), false, null);
    public static readonly Parameter Target = new("Target", "Targets to run (also the positional arguments)", typeof(string[]), false, null);
    public static readonly Parameter Skip = new("Skip", "Skip these targets and what only they need; alone, skip every target not named", typeof(string[]), false, null) { MayBeEmpty = true };
    public static readonly Parameter Profile = new("Profile", "Load .nuke/parameters.<name>.json on top of .nuke/parameters.json", typeof(string[]), false, null);
    public static readonly Parameter Verbosity = new("Verbosity", "How much to log", typeof(Verbosity), false, null);
    public static readonly Parameter Root = new("Root", "Root directory (default: the nearest folder above with .nuke/)", typeof(AbsolutePath?), false, null);

    public static readonly IReadOnlyList<Parameter> All = [Help, Plan, Target, Skip, Profile, Verbosity, Root];

    /// <summary>Root decides where the files are, so files cannot set it; Profile only in parameters.json (see ParameterFiles).</summary>
    public static bool AllowedInFiles(Parameter parameter) => parameter != Profile && parameter != Root && parameter != Help && parameter != Plan;
}
