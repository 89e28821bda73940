export { CatalogBrowser, type CatalogBrowserProps } from './CatalogBrowser';
export { GuideView, type GuideViewProps } from './GuideView';
export { ItemSearchBox, type ItemSearchBoxProps } from './ItemSearchBox';
export { useItemSearch } from './local-search';
export { navigate, type NavAction, type NavState } from './search-nav';
export { amountLabel, feeLabel, kindLabel, limitLabel } from './format';
export { catalogMessages } from './messages';
