/**
 * The plugin API this core speaks. A manifest states the version it was written for; core refuses
 * another one at load, with an error that names both, instead of failing later inside a step.
 */
export const pluginApiVersion = 1;
