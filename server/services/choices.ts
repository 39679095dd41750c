/** The choice lists (contact types, branches, user types, roles), as the contract shows them. */
import type { AppContext } from '../context.js';

export const allChoices = (ctx: AppContext) => ctx.choices.choices();
export const contactTypes = (ctx: AppContext) => ctx.choices.list('contact_types');
export const branches = (ctx: AppContext) => ctx.choices.list('branches');
export const userTypes = (ctx: AppContext) => ctx.choices.list('user_types');
export const roles = (ctx: AppContext) => ctx.choices.list('roles');
