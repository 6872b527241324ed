using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Compiler.Diagnostics;

/// <summary>
/// The one table of every diagnostic the compiler reports. Ids are stable: never reuse or renumber one.
/// SL00xx syntax, SL01xx names and declarations, SL02xx units and types, SL03xx network values,
/// SL04xx equation analysis, SL05xx code generation.
/// </summary>
public static class DiagnosticDescriptors
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    // ---- syntax --------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor SyntaxError = new(
        "SL0001", "Syntax error", "Expected {0}, found {1}", Error);

    public static readonly DiagnosticDescriptor UnclosedBrace = new(
        "SL0002", "Unclosed brace", "This '{{' of {0} is never closed; add a matching '}}'", Error);

    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "SL0003", "Expression nested too deeply",
        "Expression is nested more than {0} levels deep (or chains more than {0} operators); split it into named parameters or aliases", Error);

    public static readonly DiagnosticDescriptor TooManyErrors = new(
        "SL0004", "Too many errors", "Stopped after {0} errors in this file; fix these and check again", Error);

    public static readonly DiagnosticDescriptor EmptyFile = new(
        "SL0005", "Nothing declared",
        "The file declares no neuron, synapse or network; add one (see grammar/spikelang.ebnf)", Warning);

    public static readonly DiagnosticDescriptor NumberOutOfRange = new(
        "SL0006", "Number out of range", "The number '{0}' is too large for a 64-bit float; use a smaller value or a larger unit", Error);

    public static readonly DiagnosticDescriptor DuplicateNamespace = new(
        "SL0007", "Namespace declared twice", "A file has one namespace, already declared as '{0}'; remove this one", Error);

    public static readonly DiagnosticDescriptor UnterminatedString = new(
        "SL0008", "Text not closed", "This text in quotes is not closed on its line; end it with '\"'", Error);

    // ---- names and declarations ----------------------------------------------------------
    public static readonly DiagnosticDescriptor UnknownName = new(
        "SL0100", "Unknown name", "'{0}' is not defined here{1}", Error);

    public static readonly DiagnosticDescriptor DuplicateDeclaration = new(
        "SL0101", "Duplicate declaration", "'{0}' is already declared {1}; rename or remove one of them", Error);

    public static readonly DiagnosticDescriptor UnknownNeuronModel = new(
        "SL0102", "Unknown neuron model",
        "There is no neuron model '{0}'{1}; declare 'neuron {0} {{ ... }}' or use a standard one ({2})", Error);

    public static readonly DiagnosticDescriptor UnknownSynapseModel = new(
        "SL0103", "Unknown synapse model",
        "There is no synapse model '{0}'{1}; declare 'synapse {0} {{ ... }}' or use a standard one ({2})", Error);

    public static readonly DiagnosticDescriptor UnknownPopulation = new(
        "SL0104", "Unknown population", "Network '{0}' has no population or input '{1}'{2}", Error);

    public static readonly DiagnosticDescriptor UnknownUnit = new(
        "SL0105", "Unknown unit", "'{0}' is not a unit{1}; units are s, V, A, S, F, Ohm, Hz, C, m with prefixes f p n u m k M G (for example ms, mV, nA, nS, pF, um)", Error);

    public static readonly DiagnosticDescriptor UnknownFunction = new(
        "SL0106", "Unknown function", "'{0}' is not a function{1}; available: {2}", Error);

    public static readonly DiagnosticDescriptor WrongArgumentCount = new(
        "SL0107", "Wrong number of arguments", "'{0}' takes {1} but is given {2}", Error);

    public static readonly DiagnosticDescriptor UnknownArgument = new(
        "SL0108", "Unknown argument", "{0} has no {1} named '{2}'{3}", Error);

    public static readonly DiagnosticDescriptor AssignToUndeclared = new(
        "SL0109", "Assignment to an undeclared variable",
        "'{0}' is not a state variable of {1}; {2}", Error);

    public static readonly DiagnosticDescriptor AssignToReadOnly = new(
        "SL0110", "Assignment to a read-only name",
        "'{0}' is {1} and cannot be assigned; only state variables change (move it to state {{ }})", Error);

    public static readonly DiagnosticDescriptor EquationForConstant = new(
        "SL0111", "Equation for a constant",
        "d{0}/dt is given but '{0}' is {1}, which cannot change; only state variables have equations (move '{0}' to state {{ }})", Error);

    public static readonly DiagnosticDescriptor DuplicateEquation = new(
        "SL0112", "Two equations for one variable", "'{0}' already has an equation; keep one", Error);

    public static readonly DiagnosticDescriptor EquationsAndUpdate = new(
        "SL0113", "Both equations and update",
        "{0} has both 'equations' (continuous time) and 'update' (discrete time); keep one of them", Error);

    public static readonly DiagnosticDescriptor DuplicateMember = new(
        "SL0114", "Member given twice", "'{0}' is given twice in {1}; keep one", Error);

    public static readonly DiagnosticDescriptor CircularDefinition = new(
        "SL0115", "Circular definition", "'{0}' depends on itself ({1}); give one of them a value that does not refer back", Error);

    public static readonly DiagnosticDescriptor UnknownFlag = new(
        "SL0116", "Unknown flag", "'{0}' is not a flag here; {1}", Error);

    public static readonly DiagnosticDescriptor UnknownOption = new(
        "SL0117", "Unknown option", "'{0}' is not a valid {1}; use {2}", Error);

    public static readonly DiagnosticDescriptor MemberNotAllowed = new(
        "SL0118", "Member not allowed here", "{0} cannot appear in {1}; {2}", Error);

    public static readonly DiagnosticDescriptor InputAsTarget = new(
        "SL0119", "Input population as target",
        "'{0}' is {1}, so it cannot receive connections; connect from it instead", Error);

    public static readonly DiagnosticDescriptor MissingMember = new(
        "SL0120", "Missing member", "{0} has no {1}; {2}", Error);

    public static readonly DiagnosticDescriptor PositionalOverride = new(
        "SL0121", "Positional argument", "Arguments of {0} must be named ('name = value') so it is clear which parameter they set", Error);

    public static readonly DiagnosticDescriptor UnknownStateVariable = new(
        "SL0122", "Unknown state variable", "Population '{0}' ({1}) has no state variable '{2}'{3}", Error);

    public static readonly DiagnosticDescriptor DuplicateArgument = new(
        "SL0123", "Argument given twice", "'{0}' is given twice; keep one", Error);

    public static readonly DiagnosticDescriptor UnusedNetwork = new(
        "SL0124", "Network without populations", "Network '{0}' has no population; add 'population NAME = MODEL[N]'", Warning);

    public static readonly DiagnosticDescriptor UnreadWrite = new(
        "SL0125", "A connection adds to an input its target never reads",
        "This connection's '{0}' changes '{1}' of neuron model '{2}', which none of its equations, threshold or reset reads, so the connection cannot change what the neurons do; {3}", Warning);

    public static readonly DiagnosticDescriptor RecordedTwice = new(
        "SL0126", "Recorded twice", "{0} is already recorded differently (at {1}); a population records each variable once, so keep one of the two", Error);

    public static readonly DiagnosticDescriptor OptionNotApplicable = new(
        "SL0127", "Option does not apply", "'{0}' does not apply to '{1}': {2}", Error);

    public static readonly DiagnosticDescriptor SummedTarget = new(
        "SL0128", "Summed variable target",
        "'{0}' cannot receive a sum over synapses: {1}", Error);

    public static readonly DiagnosticDescriptor SummedTwice = new(
        "SL0129", "Summed twice",
        "'{0}' of population '{1}' already receives a sum from the connection at line {2}; each neuron's variable takes one sum, so sum both expressions in one synapse or give each connection its own variable", Error);

    public static readonly DiagnosticDescriptor LinkedAssigned = new(
        "SL0130", "Assignment to a linked variable",
        "'{0}' is linked: each use reads the variable it is linked to, so {1} cannot assign it; change the source's variable instead, or remove the flag 'linked' to give each neuron a value of its own", Error);

    public static readonly DiagnosticDescriptor LinkMissing = new(
        "SL0131", "Linked variable without a link",
        "Population '{0}' of neuron model '{1}' does not link its linked variable '{2}'; add the argument {2} = linked_var(SOURCE, VARIABLE) (Brian2's neurons.{2} = linked_var(group, 'x')), SOURCE a neuron population declared before it", Error);

    public static readonly DiagnosticDescriptor BadLink = new(
        "SL0132", "Bad link",
        "The value of '{0}' {1}; {2}", Error);

    public static readonly DiagnosticDescriptor LinkSize = new(
        "SL0133", "Linked population of another size",
        "'{0}' is linked to {1}, which has {2} neurons, but population '{3}' has {4}: the source must have 1 neuron (every neuron reads it) or {4} (neuron i reads neuron i); resize one of them (Brian2's index= for other mappings is not supported)", Error);

    public static readonly DiagnosticDescriptor SharedWrittenPerNeuron = new(
        "SL0134", "Shared variable written per neuron",
        "'{0}' is shared (one value for the whole population), but {1} runs for each neuron and cannot assign it; set it with run_regularly, a protocol phase or the host, or remove the flag 'shared'", Error);

    public static readonly DiagnosticDescriptor SharedValueVaries = new(
        "SL0135", "Shared value that differs per neuron",
        "{0} must be the same for every neuron, but it reads {1}, which differs from neuron to neuron; use only shared variables, parameters, constants, t, and linked variables whose source has 1 neuron", Error);

    public static readonly DiagnosticDescriptor SharedEquation = new(
        "SL0136", "Differential equation for a shared variable",
        "'{0}' is shared, and a shared variable has no differential equation (Brian2 refuses one too); remove the flag 'shared' to integrate it per neuron, or change it with run_regularly", Error);

    public static readonly DiagnosticDescriptor SameStepCycle = new(
        "SL0140", "Same-step connections in a cycle",
        "The same_step connections {0} form a cycle, so no population of it can be updated before the others; give one of them a delay (remove 'same_step' from one connection of the cycle: its spikes then arrive in the next step)", Error);

    public static readonly DiagnosticDescriptor SameStepUnsupported = new(
        "SL0141", "Same-step connection not supported here",
        "The connection {0} is same_step, but {1}; {2}", Error);

    public static readonly DiagnosticDescriptor BatchNormNotSupported = new(
        "SL0143", "Batch normalization not supported here",
        "batch_norm on the connection {0}: {1}", Error);

    // ---- units and types -----------------------------------------------------------------
    public static readonly DiagnosticDescriptor DimensionMismatch = new(
        "SL0200", "Dimension mismatch",
        "Cannot {0} {1} and {2}; both sides need the same dimension", Error);

    public static readonly DiagnosticDescriptor EquationDimension = new(
        "SL0201", "Equation dimension",
        "d{0}/dt must have the dimension of {0} per second, {1}, but the right-hand side is {2}", Error);

    public static readonly DiagnosticDescriptor AssignmentDimension = new(
        "SL0202", "Assignment dimension", "'{0}' is {1} but the value is {2}", Error);

    public static readonly DiagnosticDescriptor ArgumentDimension = new(
        "SL0203", "Argument dimension", "{0} needs {1} but is given {2}", Error);

    public static readonly DiagnosticDescriptor ConditionExpected = new(
        "SL0204", "Condition expected", "{0} must be a condition (for example 'v > v_th'), not a number", Error);

    public static readonly DiagnosticDescriptor ExpectedDimension = new(
        "SL0205", "Wrong dimension", "{0} must be {1} but is {2}", Error);

    public static readonly DiagnosticDescriptor BadPower = new(
        "SL0206", "Invalid power", "{0}", Error);

    public static readonly DiagnosticDescriptor NumberExpected = new(
        "SL0207", "Number expected", "A condition cannot be used as a number here; {0}", Error);

    // ---- network values ------------------------------------------------------------------
    public static readonly DiagnosticDescriptor BadPopulationSize = new(
        "SL0300", "Invalid population size", "The size of '{0}' must be a whole number of at least 1, but it is {1}", Error);

    public static readonly DiagnosticDescriptor SliceOutOfRange = new(
        "SL0301", "Slice out of range",
        "Slice [{0}:{1}] does not fit population '{2}' of {3} neurons; use whole numbers 0 <= start < end <= {3}", Error);

    public static readonly DiagnosticDescriptor ProbabilityOutOfRange = new(
        "SL0302", "Probability out of range", "{0} must lie in [0, 1], but it is {1}", Error);

    public static readonly DiagnosticDescriptor ConstantExpected = new(
        "SL0303", "Constant expected", "{0} must be a constant (numbers, units and arithmetic only), but it uses '{1}'", Error);

    public static readonly DiagnosticDescriptor NonPositiveValue = new(
        "SL0304", "Value must be positive", "{0} must be greater than zero, but it is {1}", Error);

    public static readonly DiagnosticDescriptor DegreeTooLarge = new(
        "SL0305", "Degree too large", "Each {0} needs {1} distinct {2}s but the {2} has only {3} neurons; lower the {4}", Error);

    public static readonly DiagnosticDescriptor OneToOneSizeMismatch = new(
        "SL0306", "Sizes differ for one_to_one", "one_to_one pairs neuron k with neuron k, but the source has {0} neurons and the target {1}", Error);

    public static readonly DiagnosticDescriptor IntervalNotWholeSteps = new(
        "SL0319", "Interval not a whole number of steps",
        "{0} is {1}, not a whole number of steps of dt = {2}; choose a multiple of dt", Error);

    public static readonly DiagnosticDescriptor NegativeValue = new(
        "SL0307", "Value must not be negative", "{0} must not be negative, but it is {1}", Error);

    public static readonly DiagnosticDescriptor NotFinite = new(
        "SL0308", "Not a finite number", "{0} evaluates to {1}; check for a division by zero or an overflow", Error);

    public static readonly DiagnosticDescriptor TooLarge = new(
        "SL0309", "Too large for .NET arrays",
        "{0} would have about {1} {2}, more than one .NET array holds ({3}); make it smaller or split it", Error);

    public static readonly DiagnosticDescriptor BeyondSingle = new(
        "SL0310", "Beyond float32",
        "{0} is {1}, beyond float32's range (±3.4E+38) in which this network computes; add 'precision double' to the network or use a smaller value", Error);

    public static readonly DiagnosticDescriptor WholeNumberExpected = new(
        "SL0311", "Whole number expected", "{0} must be a whole number of at least 1, but it is {1}", Error);

    // ---- analysis ------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor NonlinearEventDriven = new(
        "SL0400", "Nonlinear event-driven equation",
        "The event-driven equation for '{0}' is not linear in '{0}'; event-driven traces are integrated exactly between spikes, so write it as d{0}/dt = (c - {0}) / tau or remove 'event-driven'", Error);

    public static readonly DiagnosticDescriptor CoupledEventDriven = new(
        "SL0401", "Coupled event-driven equation",
        "The event-driven equation for '{0}' uses {1}; an event-driven trace may depend only on itself and parameters, so remove that term or remove 'event-driven'", Error);

    public static readonly DiagnosticDescriptor ExactMethodNotPossible = new(
        "SL0402", "Exact integration not possible",
        "'method exact' needs linear equations with constant coefficients, but {0}; choose rk2, rk4 or euler", Error);

    public static readonly DiagnosticDescriptor EventDrivenInNeuron = new(
        "SL0403", "event-driven outside a synapse",
        "'event-driven' applies to synapse traces only; in a neuron every equation is integrated each step, so remove the flag", Error);

    public static readonly DiagnosticDescriptor UnlessRefractoryWithoutRefractory = new(
        "SL0404", "unless refractory without refractory period",
        "'{0}' is held while refractory, but {1} declares no 'refractory' period; add 'refractory 2 ms' or remove 'unless refractory'", Warning);

    // ---- code generation -----------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnsupportedByBackend = new(
        "SL0500", "Not supported by the C# simulator",
        "The C# simulator cannot run this yet: {0}", Error);

    public static readonly DiagnosticDescriptor NotTrainable = new(
        "SL0501", "Not supported by training",
        "The generated trainer cannot train this yet: {0}", Error);

    public static readonly DiagnosticDescriptor NoiseNeedsEuler = new(
        "SL0405", "Noise with a Runge-Kutta method",
        "{0} draws random numbers in its equations and is integrated with {1}, which draws them again at every stage; that is no valid scheme for noise, so add 'method euler' (Euler-Maruyama, with the noise scaled by sqrt(dt))", Warning);

    public static readonly DiagnosticDescriptor NoiseOutsideEquations = new(
        "SL0406", "White noise outside differential equations",
        "'{0}' is white noise, which only a neuron's differential equations (dx/dt = ... + sigma*xi) may use, and this is other code of {1}; draw a random value with randn() here instead", Error);

    public static readonly DiagnosticDescriptor NoiseMethod = new(
        "SL0407", "Method cannot integrate white noise",
        "{0} has white noise in its equations, which {1} cannot integrate; use 'method euler' (Euler-Maruyama) for noise added to the equations or 'method heun' when its strength depends on the state, as Brian2 does", Error);

    public static readonly DiagnosticDescriptor NoiseNotLinear = new(
        "SL0408", "White noise must enter linearly",
        "The white noise in d{0}/dt must enter as f + g·xi, with g free of the noise; {1}", Error);

    public static readonly DiagnosticDescriptor NotConditionallyLinear = new(
        "SL0409", "Not linear in its own variable",
        "'method exponential_euler' integrates dx/dt = A + B·x, x a factor of degree one (A and B may contain x only inside functions, as Brian2 collects it), but d{0}/dt is not of that form ({1}); use rk4 or euler", Error);

    public static readonly DiagnosticDescriptor GeneratorMismatch = new(
        "SL0312", "Indices and times differ in length", "The {0} has {1} indices but {2} times; give one time per index", Error);

    public static readonly DiagnosticDescriptor GeneratorIndex = new(
        "SL0313", "Spike index out of range", "Index {0} of {1} is not a whole number in [0, {2}); indices count the generator's {2} sources from 0", Error);

    public static readonly DiagnosticDescriptor GeneratorTwiceInStep = new(
        "SL0314", "Two spikes in one step", "Source {1} of {0} spikes twice in the step at {2}; a source spikes at most once per step, so move one spike or use a smaller dt", Error);

    public static readonly DiagnosticDescriptor GeneratorPeriod = new(
        "SL0315", "Bad period", "The period of {0} is {1}, but it must be {2}", Error);

    public static readonly DiagnosticDescriptor ListNotAllowed = new(
        "SL0316", "A list here", "A list [..] of values can only be the indices or times of spikes(...) or the values of a timed array, not a value here", Error);

    public static readonly DiagnosticDescriptor RaggedRows = new(
        "SL0317", "Rows of different lengths", "{0}: every row needs the length of the first ({1} values), but this one has {2}", Error);

    public static readonly DiagnosticDescriptor TextNotAllowed = new(
        "SL0330", "Text here", "A text in quotes names a data file: it is accepted as file(\"NAME.csv\") for the values of a timed array and as spikes(file = \"NAME.csv\"), not as a value here", Error);

    public static readonly DiagnosticDescriptor DataFileMissing = new(
        "SL0331", "Data file not found", "{0} reads '{1}', which {2}", Error);

    public static readonly DiagnosticDescriptor DataFileInvalid = new(
        "SL0332", "Data file refused", "{0}: {1}", Error);

    public static readonly DiagnosticDescriptor DataFileTooLarge = new(
        "SL0333", "Data file too large", "{0} holds {1} values, but the values of a network's file are built into its program, at most {2}; play a longer stimulus from outside with an input population and 'spikelang run --input' (docs/stimuli.md)", Error);

    public static readonly DiagnosticDescriptor FileArguments = new(
        "SL0334", "A file named wrongly", "{0} takes the name of a CSV stimulus file in quotes, as in {1}", Error);

    public static readonly DiagnosticDescriptor GeneratorFileAndList = new(
        "SL0335", "Spikes from a file and a list", "{0} takes its spikes from a file or from indices and times, not both; remove one", Error);

    public static readonly DiagnosticDescriptor TimedArrayArguments = new(
        "SL0318", "Timed array called wrongly", "Timed array '{0}' is read as {1}", Error);

    public static readonly DiagnosticDescriptor BadShape = new(
        "SL0350", "Invalid population shape",
        "The shape of '{0}' {1}; write [channels, length] or [channels, height, width] with whole numbers of at least 1 that need no network parameter", Error);

    public static readonly DiagnosticDescriptor ConvolutionShapeMismatch = new(
        "SL0351", "Convolution output shape mismatch",
        "{0} of {1} {2} gives {3}, but '{4}' has shape {5}; out = (in + 2·padding − kernel) / stride + 1 per spatial dimension{6}; declare {4}{3}, or change the kernel, stride or padding", Error);

    public static readonly DiagnosticDescriptor ConvolutionNeedsShape = new(
        "SL0352", "Convolution without a shape",
        "{0} needs the {1} '{2}' to have a shape with {3}, but it is {4}; declare it as {5}", Error);

    public static readonly DiagnosticDescriptor ConvolutionArgument = new(
        "SL0353", "Invalid convolution argument",
        "{0}: {1}", Error);

    public static readonly DiagnosticDescriptor ConvolutionExtra = new(
        "SL0354", "Not allowed on a convolution",
        "{0} is not allowed on a {1} connection: {2}", Error);

    public static readonly DiagnosticDescriptor ConvolutionNotSupported = new(
        "SL0355", "Convolution not supported here",
        "The {0} connection {1} is not supported by {2} yet; {3}", Error);

    // Reported only for projects that reference SpikeLang.Gpu: the network still gets its CPU trainer.
    public static readonly DiagnosticDescriptor NotOnGpu = new(
        "SL0520", "Not supported by the GPU trainer",
        "No GPU trainer is generated for network '{0}': it does not support {1} yet; the CPU trainer ({2}) supports it", Warning);

    // Reported only for projects that reference SpikeLang.Gpu: the network still gets its CPU simulator.
    public static readonly DiagnosticDescriptor NotOnGpuSimulator = new(
        "SL0521", "Not supported by the GPU simulator",
        "No GPU simulator is generated for network '{0}': it does not support {1} yet; the CPU simulator ({2}) runs it", Warning);

    /// <summary>Every descriptor, for documentation and for tests that keep ids unique.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticDescriptors).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();
}
