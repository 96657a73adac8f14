// Puppeteer helpers that drive n8n 2.40.7's editor the way a workflow builder does, and read back what it
// shows. Selectors are n8n's own data-test-id attributes wherever the editor has them; the few CSS-module
// class names (`_subtitle_…`) are matched by prefix, since their hashes change between builds.
const fs = require('node:fs');
const path = require('node:path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const T = (id) => `[data-test-id="${id}"]`;

/** Polls `fn` in the page until it returns something truthy. */
async function until(page, fn, arg, { timeout = 15_000, what = 'page condition' } = {}) {
	const started = Date.now();
	for (;;) {
		const value = await page.evaluate(fn, arg).catch(() => undefined);
		if (value) return value;
		if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
		await sleep(150);
	}
}

// ---- code that runs inside the page -------------------------------------------------------------------
// Kept as plain functions (serialised by puppeteer), each self-contained.

function pageIsVisible(selector) {
	const visible = (el) => {
		if (!el || !el.isConnected) return false;
		const rects = el.getClientRects();
		if (!rects.length) return false;
		const style = getComputedStyle(el);
		return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) !== 0;
	};
	return [...document.querySelectorAll(selector)].some(visible);
}

/** The workflow as the editor holds it: nodes with parameters, credentials and issues. */
function pageWorkflowState() {
	const pinia = document.querySelector('#app')?.__vue_app__?.config.globalProperties.$pinia;
	if (!pinia) return null;
	const key = [...pinia._s.keys()].find((k) => k.startsWith('workflowDocuments/') && k !== 'workflowDocuments/@latest');
	const doc = key ? pinia._s.get(key) : null;
	const nodes = doc?.allNodes ?? pinia._s.get('workflows')?.allNodes ?? [];
	const plain = (value) => JSON.parse(JSON.stringify(value ?? null));
	return {
		workflowId: doc?.workflowId ?? pinia._s.get('workflows')?.workflowId ?? null,
		nodes: nodes.map((node) => ({
			id: node.id,
			name: node.name,
			type: node.type,
			parameters: plain(node.parameters),
			credentials: plain(node.credentials),
			issues: plain(node.issues),
		})),
	};
}

/** Everything the open node details view (NDV) shows in its Parameters tab. */
function pageReadNdv() {
	const visible = (el) => {
		if (!el || !el.isConnected) return false;
		if (!el.getClientRects().length) return false;
		const style = getComputedStyle(el);
		return style.visibility !== 'hidden' && style.display !== 'none';
	};
	const text = (el) => (el?.innerText ?? '').replace(/\s+/g, ' ').trim();
	const ndv = document.querySelector('[data-test-id="ndv"]');
	if (!ndv) return null;
	const panel = ndv.querySelector('[data-test-id="node-parameters"]');
	const title = text(ndv.querySelector('[data-test-id="node-title-container"]')) || null;
	const parameters = [];
	const notices = [];
	if (panel) {
		for (const item of panel.querySelectorAll('[data-test-id="parameter-item"]')) {
			if (!visible(item)) continue;
			// Only top-level items: nested collections have parameter-items of their own.
			if (item.parentElement?.closest('[data-test-id="parameter-item"]')) continue;
			// The credential slot is rendered inside the first parameter's item; skip what is inside it.
			const own = (selector) => [...item.querySelectorAll(selector)].find((el) => !el.closest('[data-test-id="node-credentials-slot"]'));
			const notice = own('.notice, [class*="_notice_"], [data-test-id="notice"], .n8n-notice');
			const label = own('[data-test-id="input-label"] label');
			if (!label && !notice) continue;
			if (notice && !label) {
				notices.push(text(notice));
				continue;
			}
			const labelText = label ? text(label.querySelector('span') ?? label) : text(item).slice(0, 80);
			const name = label?.getAttribute('for') ?? null;
			const input = own('[data-test-id^="parameter-input-"]:not([data-test-id="parameter-input-field"]):not([data-test-id="parameter-input-item"])');
			// The value only for simple inputs of this very parameter (not a collection's first option).
			const fieldInput = name ? own(`[data-test-id="parameter-input-${name}"] input:not([type="file"]), [data-test-id="parameter-input-${name}"] textarea`) : null;
			const value = fieldInput ? fieldInput.value : null;
			const issues = !!own('[data-test-id="parameter-issues"]');
			parameters.push({ label: labelText, name, value, input: input?.getAttribute('data-test-id') ?? null, issues });
		}
		// Notices n8n renders outside of a parameter-item (callouts).
		for (const callout of panel.querySelectorAll('.n8n-callout, [data-test-id="callout"]')) {
			if (visible(callout) && !notices.includes(text(callout))) notices.push(text(callout));
		}
	}
	const credentials = [...ndv.querySelectorAll('[data-test-id="node-credentials-slot"]')]
		.filter(visible)
		.map((slot) => {
			const label = text(slot.querySelector('[data-test-id="credentials-label"] label span') ?? slot.querySelector('[data-test-id="credentials-label"]'));
			const select = slot.querySelector('[data-test-id="node-credentials-select"]');
			const input = select?.querySelector('input');
			const selectedText = text(select?.querySelector('.el-select__selected-item:not(.is-transparent), .el-select__placeholder:not(.is-transparent)')) || input?.value || '';
			const placeholder = input?.getAttribute('placeholder') || text(select?.querySelector('.is-transparent')) || '';
			const hasIssues = !!select && /hasIssues/.test(select.className);
			const issuesText = text(slot.querySelector('[data-test-id="credential-issues"], [class*="_warning_"], [class*="issues"]'));
			const buttons = [...slot.querySelectorAll('button')].filter(visible).map(text).filter(Boolean);
			return { label, selected: selectedText || null, placeholder: placeholder || null, buttons, hasIssues, issuesText: issuesText || null };
		});
	const executeButton = ndv.querySelector('[data-test-id="node-execute-button"]');
	return {
		title,
		parameters,
		notices,
		credentials,
		providerDropdownVisible: parameters.some((p) => p.name === 'provider' || p.label === 'Provider'),
		executeButton: executeButton ? { text: text(executeButton), disabled: executeButton.disabled } : null,
	};
}

/** Options of the currently open el-select dropdown (the visible popper). */
function pageOpenDropdownOptions() {
	const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none';
	const poppers = [...document.querySelectorAll('.el-select-dropdown, .el-popper')].filter(visible);
	const items = [];
	for (const popper of poppers) {
		for (const item of popper.querySelectorAll('.el-select-dropdown__item, [role="option"], button[data-test-id]')) {
			if (!visible(item)) continue;
			const label = (item.innerText || '').replace(/\s+/g, ' ').trim();
			if (!label || items.some((i) => i.label === label && i.testId === item.getAttribute('data-test-id'))) continue;
			const name = item.querySelector('[class*="_optionName_"]')?.innerText?.trim();
			const meta = item.querySelector('[class*="_optionMeta_"]')?.innerText?.trim();
			items.push({
				label,
				...(name ? { name } : {}),
				...(meta ? { meta } : {}),
				testId: item.getAttribute('data-test-id'),
				selected: item.classList.contains('is-selected') || item.getAttribute('aria-selected') === 'true',
				action: item.tagName === 'BUTTON',
			});
		}
	}
	return items.length ? items : null;
}

function pageClickOpenDropdownOption(label) {
	const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none';
	const poppers = [...document.querySelectorAll('.el-select-dropdown, .el-popper')].filter(visible);
	for (const popper of poppers) {
		for (const item of popper.querySelectorAll('.el-select-dropdown__item, [role="option"], button[data-test-id]')) {
			const text = (item.innerText || '').replace(/\s+/g, ' ').trim();
			const name = item.querySelector('[class*="_optionName_"]')?.innerText?.trim();
			if (visible(item) && (text === label || name === label || item.getAttribute('data-test-id') === label)) {
				item.scrollIntoView({ block: 'nearest' });
				item.dispatchEvent(new MouseEvent('mouseenter', { bubbles: true }));
				item.click();
				return true;
			}
		}
	}
	return false;
}

function pageCanvasNodes() {
	const text = (el) => (el?.innerText ?? '').replace(/\s+/g, ' ').trim();
	return [...document.querySelectorAll('[data-test-id="canvas-node"]')].map((node) => ({
		name: node.getAttribute('data-node-name'),
		type: node.getAttribute('data-node-type'),
		subtitle: text(node.querySelector('[class*="_subtitle_"]')) || null,
		issues: !!node.querySelector('[data-test-id="node-issues"]'),
	}));
}

function pageModal() {
	const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none';
	const text = (el) => (el?.innerText ?? '').replace(/\s+/g, ' ').trim();
	const modal = [...document.querySelectorAll('[data-test-id="editCredential-modal"], [data-test-id="selectCredential-modal"], .el-dialog')].find(visible);
	if (!modal) return null;
	const labels = [...modal.querySelectorAll('label, [data-test-id="parameter-input-label"], .n8n-input-label')]
		.filter(visible)
		.map(text)
		.filter(Boolean);
	return {
		testId: modal.getAttribute('data-test-id') ?? modal.closest('[data-test-id]')?.getAttribute('data-test-id') ?? null,
		title: text(modal.querySelector('[data-test-id="credential-name"], .el-dialog__title, header, h1, h2')) || null,
		labels: [...new Set(labels)],
		text: text(modal).slice(0, 1500),
	};
}

// ---- actions --------------------------------------------------------------------------------------------

async function login(page, url, owner) {
	await page.goto(`${url}/signin`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
	await page.waitForSelector('input[name="emailOrLdapLoginId"]', { timeout: 60_000 });
	await page.type('input[name="emailOrLdapLoginId"]', owner.email);
	await page.type('input[name="password"]', owner.password);
	await page.click(T('form-submit-button'));
	await until(page, () => !location.pathname.startsWith('/signin'), null, { timeout: 30_000, what: 'sign-in' });
}

async function dismissOverlays(page) {
	// Surveys, banners and "what's new" dialogs that may cover the canvas.
	await page.keyboard.press('Escape').catch(() => {});
	await page.evaluate(() => {
		for (const sel of ['[data-test-id="banner-close-button"]', '.el-dialog__headerbtn', '[data-test-id="close-button"]']) {
			for (const el of document.querySelectorAll(sel)) {
				if (el.closest('[data-test-id="ndv"]')) continue;
				if (el.getClientRects().length) el.click();
			}
		}
	});
}

async function newWorkflow(page, url) {
	await page.goto(`${url}/workflow/new`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
	await page.waitForSelector(T('canvas-wrapper'), { timeout: 60_000 });
	await until(page, () => !!document.querySelector('[data-test-id="canvas-plus-button"], [data-test-id="canvas-node"]'), null, { what: 'empty canvas' });
	await sleep(500);
}

async function openWorkflow(page, url, id) {
	await page.goto(`${url}/workflow/${id}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
	await page.waitForSelector(T('canvas-node'), { timeout: 60_000 });
	await sleep(1000);
}

async function isVisible(page, selector) {
	return page.evaluate(pageIsVisible, selector);
}

async function openNodeCreator(page) {
	if (await isVisible(page, T('node-creator-search-bar'))) return;
	if (await isVisible(page, T('canvas-plus-button'))) await page.click(T('canvas-plus-button'));
	else await page.click(T('node-creator-plus-button'));
	await page.waitForSelector(`${T('node-creator-search-bar')}`, { visible: true, timeout: 10_000 });
}

/** Items the node creator lists for `query`: [{ name, description }]. */
async function searchNodeCreator(page, query) {
	const input = await page.waitForSelector(T('node-creator-search-bar'), { visible: true });
	// The panel slides in: wait until it stops moving, and focus rather than click (it may still be off-screen).
	let last = null;
	for (let i = 0; i < 20; i++) {
		const box = await input.boundingBox();
		if (box && last && box.x === last.x && box.y === last.y) break;
		last = box;
		await sleep(150);
	}
	await input.focus();
	await page.keyboard.down('Control');
	await page.keyboard.press('a');
	await page.keyboard.up('Control');
	await page.keyboard.press('Backspace');
	await input.type(query, { delay: 10 });
	await sleep(900);
	return page.$$eval(`${T('node-creator')} ${T('node-creator-node-item')}, ${T('node-creator')} ${T('node-creator-action-item')}`, (els) => {
		const out = [];
		for (const el of els) {
			const item = el;
			if (out.some((o) => o.el === item)) continue;
			out.push({ el: item, name: (item.querySelector('[data-test-id="node-creator-item-name"]')?.innerText ?? item.innerText).trim(), description: item.querySelector('[data-test-id="node-creator-item-description"]')?.innerText?.trim() ?? null });
		}
		return out.map(({ name, description }) => ({ name, description }));
	});
}

/** The node creator's panel for a node with actions: the action names listed under "Actions (n)". */
function pageNodeCreatorActions() {
	const creator = document.querySelector('[data-test-id="node-creator"]');
	if (!creator) return null;
	let category = null;
	const out = { triggers: [], actions: [] };
	for (const el of creator.querySelectorAll('[data-test-id="node-creator-category-item"], [data-test-id="item-iterator-item"]')) {
		if (!el.getClientRects().length) continue;
		if (el.getAttribute('data-test-id') === 'node-creator-category-item') {
			category = /^Actions/i.test(el.innerText.trim()) ? 'actions' : /^Triggers/i.test(el.innerText.trim()) ? 'triggers' : null;
			continue;
		}
		const name = el.querySelector('[data-test-id="node-creator-item-name"]')?.innerText?.trim();
		if (category && name) out[category].push(name);
	}
	return out.actions.length || out.triggers.length ? out : null;
}

/**
 * Clicks the item named `name` in the node creator's results. A community node then shows a details panel
 * ("Add to workflow"); a node with operations shows its actions instead, and the first action (or
 * `action`) is picked.
 */
async function clickNodeCreatorItem(page, name, { action } = {}) {
	const kind = await page.evaluate((wanted) => {
		const items = [...document.querySelectorAll('[data-test-id="node-creator"] [data-test-id="node-creator-node-item"], [data-test-id="node-creator"] [data-test-id="node-creator-action-item"]')];
		// n8n lists a trigger node without its " Trigger" suffix ("Push Opened").
		const names = [wanted, wanted.replace(/ Trigger$/, '')];
		const item = items.find((el) => names.includes((el.querySelector('[data-test-id="node-creator-item-name"]')?.innerText ?? '').trim()));
		if (!item) return null;
		item.click();
		return item.getAttribute('data-test-id');
	}, name);
	if (!kind) throw new Error(`node creator has no item named "${name}"`);
	await sleep(900);
	// A community node opens a details panel first, with an "Add to workflow" button.
	const added = await page.evaluate(() => {
		const button = [...document.querySelectorAll('[data-test-id="node-creator"] button')].find((b) => /Add to workflow/i.test(b.innerText));
		if (!button) return false;
		button.click();
		return true;
	});
	if (added) return { kind, detailsPanel: true, actions: null };
	const actions = await page.evaluate(pageNodeCreatorActions);
	// A trigger whose Event options carry actions lists them under "Triggers (n)" ("On install opens").
	const category = actions?.actions.length ? 'Actions' : actions?.triggers.length ? 'Triggers' : null;
	if (category) {
		const pick = action ?? (category === 'Actions' ? actions.actions[0] : actions.triggers[0]);
		await page.evaluate(
			(wanted, heading) => {
				const creator = document.querySelector('[data-test-id="node-creator"]');
				let inCategory = false;
				for (const el of creator.querySelectorAll('[data-test-id="node-creator-category-item"], [data-test-id="item-iterator-item"]')) {
					if (el.getAttribute('data-test-id') === 'node-creator-category-item') {
						inCategory = el.innerText.trim().startsWith(heading);
						continue;
					}
					if (inCategory && el.querySelector('[data-test-id="node-creator-item-name"]')?.innerText?.trim() === wanted) {
						el.click();
						return true;
					}
				}
				return false;
			},
			pick,
			category,
		);
		return { kind, detailsPanel: true, actions, picked: pick };
	}
	return { kind, detailsPanel: false, actions: null };
}

/** Adds a node through the node creator, searching its display name. Returns once its NDV is open. */
async function addNode(page, displayName, options = {}) {
	await openNodeCreator(page);
	const results = await searchNodeCreator(page, displayName);
	const clicked = await clickNodeCreatorItem(page, displayName, options);
	await page.waitForSelector(T('ndv'), { visible: true, timeout: 20_000 });
	await sleep(800);
	return { results, ...clicked };
}

async function closeNdv(page) {
	if (!(await isVisible(page, T('ndv')))) return;
	await page.click(T('ndv-close-button')).catch(() => page.keyboard.press('Escape'));
	await until(page, () => !document.querySelector('[data-test-id="ndv"]') || !document.querySelector('[data-test-id="ndv"]').getClientRects().length, null, { what: 'NDV to close' }).catch(() => {});
	await sleep(300);
}

async function openNodeByName(page, name) {
	await closeNdv(page);
	const handle = await page.$(`${T('canvas-node')}[data-node-name="${name.replace(/"/g, '\\"')}"]`);
	if (!handle) throw new Error(`no canvas node named ${name}`);
	const inner = (await handle.$(T('canvas-default-node'))) ?? handle;
	await inner.click({ count: 2 });
	await page.waitForSelector(T('ndv'), { visible: true, timeout: 15_000 });
	await sleep(800);
}

async function readNdv(page) {
	return page.evaluate(pageReadNdv);
}

async function workflowState(page) {
	return page.evaluate(pageWorkflowState);
}

async function canvasNodes(page) {
	return page.evaluate(pageCanvasNodes);
}

async function openDropdown(page, selector) {
	const handle = await page.$(selector);
	if (!handle) return null;
	const target = (await handle.$('.el-select__wrapper, .el-input__wrapper, .select-trigger, input')) ?? handle;
	await target.click();
	try {
		await until(page, pageOpenDropdownOptions, null, { timeout: 4000, what: `dropdown ${selector}` });
	} catch {
		return [];
	}
	// The popper fades in; its list can render a moment after its footer button.
	await sleep(400);
	return (await page.evaluate(pageOpenDropdownOptions)) ?? [];
}

/** Closes an open dropdown by clicking a harmless spot (Escape would close the whole NDV). */
async function closeDropdown(page) {
	if (!(await page.evaluate(pageOpenDropdownOptions))) return;
	const tab = await page.$(`${T('ndv')} ${T('tab-params')}`);
	if (tab) await tab.click();
	else await page.mouse.click(5, 5);
	await sleep(300);
}

/** The credential slot's dropdown options (opens and closes it). */
async function credentialOptions(page) {
	if (!(await isVisible(page, `${T('ndv')} ${T('node-credentials-select')}`))) return null;
	let options = [];
	// Right after a provider switch the select re-renders; try again if the first click found no popper.
	for (let attempt = 0; attempt < 3 && !options?.length; attempt++) {
		if (attempt) await sleep(600);
		await closeDropdown(page);
		options = await openDropdown(page, `${T('ndv')} ${T('node-credentials-select')}`);
	}
	await closeDropdown(page);
	return options;
}

/** Provider dropdown options, or null when the editor does not show it. */
async function providerOptions(page) {
	if (!(await isVisible(page, `${T('ndv')} ${T('parameter-input-provider')}`))) return null;
	const options = await openDropdown(page, `${T('ndv')} ${T('parameter-input-provider')}`);
	await closeDropdown(page);
	return options;
}

async function selectProvider(page, label) {
	const options = await openDropdown(page, `${T('ndv')} ${T('parameter-input-provider')}`);
	if (!options) throw new Error('Provider dropdown not found');
	const ok = await page.evaluate(pageClickOpenDropdownOption, label);
	if (!ok) throw new Error(`Provider option ${label} not found in ${JSON.stringify(options)}`);
	await sleep(900);
}

/** Picks a credential in the NDV's slot by its visible label (or data-test-id). */
async function selectCredential(page, label) {
	const options = await openDropdown(page, `${T('ndv')} ${T('node-credentials-select')}`);
	const ok = await page.evaluate(pageClickOpenDropdownOption, label);
	if (!ok) throw new Error(`credential ${label} not found in ${JSON.stringify(options)}`);
	await sleep(900);
}

/** Opens "Create new credential" from the NDV's slot and reports the dialog; closes it again. */
async function probeCreateNewCredential(page, screenshotFile) {
	const options = await openDropdown(page, `${T('ndv')} ${T('node-credentials-select')}`);
	let opened = false;
	if (options && options.some((o) => o.testId === 'node-credentials-select-item-new')) {
		opened = await page.evaluate(pageClickOpenDropdownOption, 'node-credentials-select-item-new');
	} else {
		await closeDropdown(page);
		// With no credential at all, n8n shows a "Set up credential" button instead of a list.
		opened = await page.evaluate(() => {
			const slot = document.querySelector('[data-test-id="ndv"] [data-test-id="node-credentials-slot"]');
			const button = slot && [...slot.querySelectorAll('button')].find((b) => b.getClientRects().length);
			if (!button) return false;
			button.click();
			return true;
		});
	}
	if (!opened) return { opened: false, options };
	let modal = null;
	try {
		modal = await until(page, pageModal, null, { timeout: 8000, what: 'credential modal' });
	} catch {
		modal = null;
	}
	await sleep(800);
	if (modal) modal = (await page.evaluate(pageModal)) ?? modal;
	if (screenshotFile) await page.screenshot({ path: screenshotFile });
	// When the node has a "main auth field", the dialog offers it as a dropdown (credential-mode-dropdown).
	let authOptions = null;
	const trigger = await page.$(`${T('editCredential-modal')} ${T('credential-mode-dropdown-trigger')}`);
	if (trigger) {
		const current = await page.evaluate((el) => el.innerText.trim(), trigger);
		await trigger.click();
		await sleep(600);
		const items = await page.evaluate(() =>
			[...document.querySelectorAll('[role="menuitem"], [role="menuitemradio"]')]
				.filter((el) => el.getClientRects().length && !el.closest('[data-test-id="editCredential-modal"] [data-test-id="menu-item"]') && el.getAttribute('data-test-id') !== 'menu-item')
				.map((el) => el.innerText.replace(/\s+/g, ' ').trim())
				.filter(Boolean),
		);
		authOptions = { current, options: items.filter((item) => !['Connection', 'Sharing', 'Details'].includes(item)) };
		await trigger.click().catch(() => {});
		await sleep(300);
	}
	await closeCredentialModal(page);
	return { opened: true, options, modal, authOptions };
}

/** Closes the credential dialog with its X (Escape would also close the NDV behind it), discarding changes. */
async function closeCredentialModal(page) {
	for (let attempt = 0; attempt < 3; attempt++) {
		const open = await isVisible(page, T('editCredential-modal'));
		if (!open) return;
		await page.evaluate(() => {
			const modal = document.querySelector('[data-test-id="editCredential-modal"]');
			modal?.querySelector('.el-dialog__headerbtn')?.click();
		});
		await sleep(500);
		// n8n may ask whether to close without saving.
		await page.evaluate(() => {
			const boxes = [...document.querySelectorAll('.el-message-box')].filter((el) => el.getClientRects().length);
			for (const box of boxes) {
				const buttons = [...box.querySelectorAll('button')];
				(buttons.find((b) => /close|discard|leave|yes/i.test(b.innerText)) ?? buttons.at(-1))?.click();
			}
		});
		await sleep(400);
	}
}

async function screenshot(page, file) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	return file;
}

module.exports = {
	sleep,
	T,
	until,
	login,
	dismissOverlays,
	newWorkflow,
	openWorkflow,
	isVisible,
	openNodeCreator,
	searchNodeCreator,
	clickNodeCreatorItem,
	addNode,
	closeNdv,
	openNodeByName,
	readNdv,
	workflowState,
	canvasNodes,
	openDropdown,
	closeDropdown,
	credentialOptions,
	providerOptions,
	selectProvider,
	selectCredential,
	probeCreateNewCredential,
	closeCredentialModal,
	screenshot,
	pageNodeCreatorActions,
	page: { pageReadNdv, pageWorkflowState, pageCanvasNodes, pageModal, pageOpenDropdownOptions, pageClickOpenDropdownOption },
};
