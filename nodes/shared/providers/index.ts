import { adjust } from './adjust';
import { branch } from './branch';
import { kumulos } from './kumulos';
import { shortify } from './shortify';
import type { Capability, ProviderSpec } from './types';

/** Every provider. Node dropdowns, credential lists and id types all derive from this list. */
export const PROVIDERS = [adjust, branch, kumulos, shortify] as const;

type AnyProvider = (typeof PROVIDERS)[number];
export type ProviderId = AnyProvider['id'];
/** The ids of the providers that offer a capability, e.g. `ProviderIdWith<'push'>` is `'kumulos'`. */
export type ProviderIdWith<C extends Capability> = Extract<AnyProvider, Record<C, unknown>>['id'];
export type LinkProviderId = ProviderIdWith<'link'>;
export type PushProviderId = ProviderIdWith<'push'>;

/** A provider whose capability `C` is known to be there. */
export type ProviderWith<C extends Capability> = ProviderSpec & Required<Pick<ProviderSpec, C>>;

/** The providers offering a capability, in list order. */
export const providersWith = <C extends Capability>(capability: C): Array<ProviderWith<C>> =>
	(PROVIDERS as readonly ProviderSpec[]).filter((spec): spec is ProviderWith<C> => spec[capability] !== undefined);

/** The provider with this id and capability; undefined when there is none. */
export const providerWith = <C extends Capability>(capability: C, id: unknown): ProviderWith<C> | undefined =>
	providersWith(capability).find((spec) => spec.id === id);

export type * from './types';
