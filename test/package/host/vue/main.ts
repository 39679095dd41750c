import { createApp } from 'vue';
import 'client-access-elements';
import type {} from 'client-access-elements/vue';
import App from './App.vue';

createApp(App).mount('#app');
